-- TPC-H Q13, customer distribution. WORD1 = special, WORD2 = requests.
-- The derived table's column list `AS c_orders (c_custkey, c_count)` is written as column aliases (SQLite has no such list).
SELECT c_count, COUNT(*) AS custdist
FROM (
  SELECT c_custkey, COUNT(o_orderkey) AS c_count
  FROM customer LEFT OUTER JOIN orders ON c_custkey = o_custkey AND o_comment NOT LIKE '%special%requests%'
  GROUP BY c_custkey
) AS c_orders
GROUP BY c_count
ORDER BY custdist DESC, c_count DESC;
