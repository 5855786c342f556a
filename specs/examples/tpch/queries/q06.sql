-- TPC-H Q6, forecasting revenue change. DATE = 1994-01-01, DISCOUNT = 0.06, QUANTITY = 24.
-- 0.06 - 0.01 and 0.06 + 0.01 are written as 0.05 and 0.07: in binary floating point (SQLite's REAL)
-- 0.06 + 0.01 is 0.06999999999999999, which would leave out the discounts of exactly 0.07.
SELECT SUM(l_extendedprice * l_discount) AS revenue
FROM lineitem
WHERE l_shipdate >= '1994-01-01'
  AND l_shipdate < '1995-01-01'
  AND l_discount BETWEEN 0.05 AND 0.07
  AND l_quantity < 24;
