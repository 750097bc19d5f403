"""fpx.sum, fpx.dot, exact sums and the comparison of strategies: numpy's
own np.sum reproduced bit for bit, along either axis; the lecture's table;
exact values against Python's fractions."""
import fractions

import numpy as np
import pytest

import fpx


def float32_data(rng, n):
    """float32 values of mixed signs over several binades, so that the order
    of the additions shows in the last bits."""
    values = rng.standard_normal(n) * np.exp2(rng.integers(-8, 9, n))
    return values.astype(np.float32)


def bits32(x):
    return np.asarray(x, dtype=np.float32).view(np.uint32)


def test_numpy_strategy_equals_np_sum_bit_for_bit(rng):
    lengths = list(range(1, 301)) + [8191, 8192, 8193, 10**5, 10**6]
    for n in lengths:
        x = float32_data(rng, n)
        ours = fpx.sum(x, strategy="numpy")
        assert ours.dtype == np.float32
        assert bits32(ours) == bits32(np.sum(x)), "n = %d" % n
    # The serial order differs from numpy's somewhere on long vectors: the
    # test distinguishes the orders.
    x = float32_data(rng, 10**5)
    assert bits32(fpx.sum(x, strategy="serial")) != bits32(np.sum(x))


@pytest.mark.parametrize("shape", [(1000, 37), (3, 5000), (257, 129), (1, 10)])
def test_axis_sums_reproduce_np_sum_along_each_axis(rng, shape):
    X = float32_data(rng, shape[0] * shape[1]).reshape(shape)
    assert X.flags.c_contiguous
    # axis=0: numpy adds the rows one after another into the column sums,
    # so each column is a serial sum; axis=1 sums each contiguous row in
    # np.sum's own order.
    columns = fpx.sum(X, strategy="serial", axis=0)
    assert columns.shape == (shape[1],)
    assert np.array_equal(bits32(columns), bits32(np.sum(X, axis=0)))
    rows = fpx.sum(X, strategy="numpy", axis=1)
    assert np.array_equal(bits32(rows), bits32(np.sum(X, axis=1)))
    if shape[0] > 128:
        # The numpy strategy down a column is not what np.sum(X, axis=0) does.
        assert not np.array_equal(bits32(fpx.sum(X, strategy="numpy", axis=0)),
                                  bits32(np.sum(X, axis=0)))


def test_axis_of_a_three_dimensional_array(rng):
    X = float32_data(rng, 4 * 5 * 300).reshape(4, 5, 300)
    ours = fpx.sum(X, strategy="numpy", axis=-1)
    assert ours.shape == (4, 5)
    assert np.array_equal(bits32(ours), bits32(np.sum(X, axis=-1)))
    assert fpx.sum(X, strategy="serial", axis=1).shape == (4, 300)


# The lecture's dot-product table (README, "fpx lecture" part 3 (b)): the
# recovered binary32 inputs and the results the slide prints.
WHITEPAPER_A = np.array([0x3FF42C76, 0xBF494494, 0x3F92DB19, 0x3F75DCC9], dtype=np.uint32)
WHITEPAPER_B = np.array([0xBF6F7CEE, 0xBF3106DA, 0x3FDCBB70, 0xBF35B25D], dtype=np.uint32)


def test_the_lectures_dot_products():
    a, b = WHITEPAPER_A.view(np.float32), WHITEPAPER_B.view(np.float32)
    expected = {"serial": 0x3D653510, "fma": 0x3D653501, "pairwise": 0x3D653500,
                "neumaier": 0x3D653500, "dot2": 0x3D653501, "exact": 0x3D653501}
    for strategy, bits in expected.items():
        assert bits32(fpx.dot(a, b, strategy)) == bits, strategy
        assert bits32(fpx.dot(WHITEPAPER_A, WHITEPAPER_B, strategy, format="binary32",
                              raw=True)) == bits
    comparison = fpx.compare_dot(a, b)
    by_name = {row.strategy: row for row in comparison}
    assert [row.strategy for row in comparison] == fpx.strategies(dot=True)
    assert by_name["serial"].hex == "0x3D653510"
    assert by_name["serial"].error_ulps_vs_inputs == 14.66
    assert by_name["serial"].correct_bits_vs_inputs == 19
    assert by_name["fma"].error_ulps_vs_inputs == -0.3368
    assert by_name["fma"].bound_ulps == 319
    assert all(row.holds for row in comparison)
    assert by_name["exact"].correct_bits_vs_data == 24
    assert comparison.exact_inputs == fpx.exact_dot(a, b)
    assert comparison.exact_inputs == fractions.Fraction(
        "0.055958752843576320401552948169410228729248046875")
    record = by_name["pairwise"].to_dict()
    assert list(record) == list(fpx.StrategyResult._fields)
    assert record["result"] == np.float32(0.05595874786376953125)
    assert "pairwise" in str(comparison) and "0x3D653500" in str(comparison)


def test_compare_against_the_data_and_the_rounded_inputs():
    # The printed decimals of part (a): rounded when read into binary32.
    a = ["1.907607", "-0.7862027", "1.147311", "0.9604002"]
    b = ["-0.9355", "-0.6915108", "1.72447", "-0.7097529"]
    comparison = fpx.compare_dot(a, b, "serial,fma,exact")
    assert comparison.report["inputs"]["inexact"] == 8
    assert comparison.exact_data == fractions.Fraction("0.05595788259858")
    serial, fma, exact = comparison
    assert serial.hex == "0x3D6533F0" and fma.hex == "0x3D6533F6" and exact.hex == "0x3D653409"
    assert serial.error_ulps_vs_data == -39.73 and serial.error_ulps_vs_inputs == -25.48
    assert exact.error_ulps_vs_inputs == -0.4794


def test_sums_of_every_strategy_against_the_library_table(rng):
    x = float32_data(rng, 2000)
    for strategy in fpx.strategies():
        kwargs = {"seed": 3} if strategy == "stochastic" else {}
        value = fpx.sum(x, strategy, **kwargs)
        row = fpx.compare(x, strategy, **kwargs)[0]
        assert bits32(value) == int(row.hex, 16), strategy
        assert row.holds, strategy
    assert bits32(fpx.sum(x, "exact")) == bits32(np.float32(fpx.round_fraction(fpx.exact_sum(x),
                                                                               "binary32")))


def test_stagnation_and_accumulator_formats():
    ones = np.ones(1000)
    assert fpx.sum(ones, "serial", format="bfloat16") == 256
    assert fpx.sum(ones, "serial", format="binary16") == 1000
    assert fpx.sum(np.ones(3000), "serial", format="binary16") == 2048
    assert fpx.sum(ones, "serial", format="bfloat16", acc_format="binary32") == 1000
    assert fpx.sum(ones, "pairwise", format="bfloat16") == 1000
    assert fpx.sum(ones, "kahan", format="bfloat16") == 1000
    assert fpx.sum(ones, format="bfloat16").dtype == np.float32
    assert fpx.sum(np.ones(10, dtype=np.float64)).dtype == np.float64


def test_exact_sums_are_fractions(rng):
    x = rng.standard_normal(1000) * np.exp2(rng.integers(-60, 60, 1000))
    expected = np.sum([fractions.Fraction(float(v)) for v in x], dtype=object)
    assert fpx.exact_sum(x) == expected
    y = rng.standard_normal(1000).astype(np.float32)
    assert fpx.exact_dot(x, y) == np.sum([fractions.Fraction(float(p)) * fractions.Fraction(
        float(q)) for p, q in zip(x, y)], dtype=object)
    # Rounded into a format first.
    assert fpx.exact_sum(["0.1", "0.2"]) == fractions.Fraction(3, 10)
    assert fpx.exact_sum(["0.1", "0.2"], format="binary16") == fractions.Fraction(
        float(np.float16(0.1))) + fractions.Fraction(float(np.float16(0.2)))
    assert fpx.exact_sum([fractions.Fraction(1, 3), fractions.Fraction(2, 3)]) == 1
    assert np.isnan(fpx.exact_sum([1.0, np.nan]))
    assert fpx.exact_sum([1.0, -np.inf]) == -np.inf
    third = fpx.exact_sum([fractions.Fraction(1, 3)])
    assert fpx.round_fraction(third, "binary32", "rtz") == np.float32(0.3333333134651184)


def test_dot_along_an_axis_and_broadcast(rng):
    A = float32_data(rng, 6 * 50).reshape(6, 50)
    v = float32_data(rng, 50)
    rows = fpx.dot(A, v, "serial", axis=1)
    assert rows.shape == (6,)
    for i in range(6):
        assert bits32(rows[i]) == bits32(fpx.dot(A[i], v, "serial"))


def test_stochastic_summation_is_seeded(rng):
    x = float32_data(rng, 500)
    with pytest.raises(ValueError, match="needs a seed"):
        fpx.sum(x, "serial", rounding="sr")
    first = fpx.sum(x, "stochastic", seed=11)
    assert bits32(first) == bits32(fpx.sum(x, "stochastic", seed=11))
    values = {int(bits32(fpx.sum(x, "stochastic", seed=s))) for s in range(20)}
    assert len(values) > 1
