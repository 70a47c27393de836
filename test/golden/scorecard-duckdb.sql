-- KPI scorecard statistics (kpi-scorecard), duckdb SQL: one row per segment value and month; the scorecard adds them up.
-- s0_*: Customer Effort Score (CES): 0 n, 1 sum, 2 sum of squares, 3 off scale
-- s1_*: First Contact Resolution (FCR): 0 n, 1 resolved, 2 not a flag
-- s2_*: Net Promoter Score (NPS): 0 n, 1 promoters, 2 detractors, 3 off scale
-- s3_*: Customer Satisfaction (CSAT): 0 n, 1 satisfied, 2 off scale
-- s4_*: Revenue per customer: 0 rows with revenue, 1 mean of x - shift, 2 sum of squared deviations
WITH src AS (
  SELECT "Reg""ion `x\" AS seg,
    "Response date" AS f1,
    "How likely are you to recommend us? (0-10)" AS f3,
    "Overall satisfaction (1-5)" AS f4,
    "The company made it easy to handle my issue (1-7)" AS f5,
    "Issue resolved on first contact?" AS f6,
    "Order value" AS f8
  FROM read_csv('FILE', delim = ',', header = true, quote = '"', escape = '"', null_padding = true, strict_mode = false, new_line = '\n', auto_detect = false, columns = {'Respondent ID': 'VARCHAR', 'Response date': 'VARCHAR', 'Reg"ion `x\': 'VARCHAR', 'How likely are you to recommend us? (0-10)': 'VARCHAR', 'Overall satisfaction (1-5)': 'VARCHAR', 'The company made it easy to handle my issue (1-7)': 'VARCHAR', 'Issue resolved on first contact?': 'VARCHAR', 'Comment': 'VARCHAR', 'Order value': 'VARCHAR'})
  WHERE NOT (CASE WHEN CONCAT(COALESCE("Respondent ID", ''), COALESCE("Response date", ''), COALESCE("Reg""ion `x\", ''), COALESCE("How likely are you to recommend us? (0-10)", ''), COALESCE("Overall satisfaction (1-5)", ''), COALESCE("The company made it easy to handle my issue (1-7)", ''), COALESCE("Issue resolved on first contact?", ''), COALESCE("Comment", ''), COALESCE("Order value", '')) = '' THEN TRUE WHEN regexp_matches(CONCAT(COALESCE("Respondent ID", ''), COALESCE("Response date", ''), COALESCE("Reg""ion `x\", ''), COALESCE("How likely are you to recommend us? (0-10)", ''), COALESCE("Overall satisfaction (1-5)", ''), COALESCE("The company made it easy to handle my issue (1-7)", ''), COALESCE("Issue resolved on first contact?", ''), COALESCE("Comment", ''), COALESCE("Order value", '')), '[^\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]') THEN FALSE ELSE ("Respondent ID" IS NULL OR "Respondent ID" = '' OR (left("Respondent ID", 1) IN (' ', chr(9)) OR right("Respondent ID", 1) IN (' ', chr(9))) AND regexp_replace("Respondent ID", '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '') AND ("Response date" IS NULL OR "Response date" = '' OR (left("Response date", 1) IN (' ', chr(9)) OR right("Response date", 1) IN (' ', chr(9))) AND regexp_replace("Response date", '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '') AND ("Reg""ion `x\" IS NULL OR "Reg""ion `x\" = '' OR (left("Reg""ion `x\", 1) IN (' ', chr(9)) OR right("Reg""ion `x\", 1) IN (' ', chr(9))) AND regexp_replace("Reg""ion `x\", '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '') AND ("How likely are you to recommend us? (0-10)" IS NULL OR "How likely are you to recommend us? (0-10)" = '' OR (left("How likely are you to recommend us? (0-10)", 1) IN (' ', chr(9)) OR right("How likely are you to recommend us? (0-10)", 1) IN (' ', chr(9))) AND regexp_replace("How likely are you to recommend us? (0-10)", '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '') AND ("Overall satisfaction (1-5)" IS NULL OR "Overall satisfaction (1-5)" = '' OR (left("Overall satisfaction (1-5)", 1) IN (' ', chr(9)) OR right("Overall satisfaction (1-5)", 1) IN (' ', chr(9))) AND regexp_replace("Overall satisfaction (1-5)", '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '') AND ("The company made it easy to handle my issue (1-7)" IS NULL OR "The company made it easy to handle my issue (1-7)" = '' OR (left("The company made it easy to handle my issue (1-7)", 1) IN (' ', chr(9)) OR right("The company made it easy to handle my issue (1-7)", 1) IN (' ', chr(9))) AND regexp_replace("The company made it easy to handle my issue (1-7)", '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '') AND ("Issue resolved on first contact?" IS NULL OR "Issue resolved on first contact?" = '' OR (left("Issue resolved on first contact?", 1) IN (' ', chr(9)) OR right("Issue resolved on first contact?", 1) IN (' ', chr(9))) AND regexp_replace("Issue resolved on first contact?", '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '') AND ("Comment" IS NULL OR "Comment" = '' OR (left("Comment", 1) IN (' ', chr(9)) OR right("Comment", 1) IN (' ', chr(9))) AND regexp_replace("Comment", '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '') AND ("Order value" IS NULL OR "Order value" = '' OR (left("Order value", 1) IN (' ', chr(9)) OR right("Order value", 1) IN (' ', chr(9))) AND regexp_replace("Order value", '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '') END)
), pfields AS (SELECT DISTINCT f1 FROM src),
p1 AS (
  SELECT *,
    (left(f1, 1) IN (' ', chr(9)) OR right(f1, 1) IN (' ', chr(9))) AS e1
  FROM pfields
),
p2 AS (
  SELECT *,
    CASE WHEN e1 THEN regexp_replace(f1, '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') ELSE f1 END AS t1
  FROM p1
),
p3 AS (
  SELECT *,
    CASE WHEN TRY_CAST(t1 AS DOUBLE) IS NULL THEN NULL WHEN NOT regexp_matches(t1, '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?\z') THEN NULL WHEN regexp_matches(t1, '^[+-]?0[0-9]') THEN NULL WHEN LENGTH(regexp_replace(t1, '^[+-]?[0.]*|[eE].*\z|[.]', '', 'g')) > 15 THEN NULL ELSE TRY_CAST(t1 AS DOUBLE) END AS x1,
    (f1 IS NULL OR f1 = '' OR (e1 AND t1 = '')) AS b1
  FROM p2
),
p4 AS (
  SELECT *,
    CASE WHEN (x1 - x1) = 0 THEN NULL ELSE regexp_replace(f1, '[\x{00}-\x{08}\x{0B}\x{0C}\x{0E}-\x{1F}\x{FFFE}\x{FFFF}]', '', 'g') END AS w1,
    CASE WHEN (x1 - x1) = 0 THEN x1 END AS n1
  FROM p3
),
p5 AS (
  SELECT *,
    CASE WHEN b1 THEN NULL WHEN n1 IS NOT NULL THEN NULL WHEN regexp_replace(w1, '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '' THEN NULL ELSE w1 END AS tx1
  FROM p4
),
p6 AS (
  SELECT *,
    CASE WHEN n1 IS NULL AND NOT b1 THEN regexp_replace(f1, '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') END AS pt
  FROM p5
),
p7 AS (
  SELECT *,
    CASE WHEN pt IS NULL OR LENGTH(pt) < 8 OR LENGTH(pt) > 40 THEN FALSE ELSE regexp_matches(pt, '^([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})(?:[T ]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:[.][0-9]+)?)?[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]*(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?\z') END AS iso_ok,
    CASE WHEN pt IS NULL OR LENGTH(pt) < 8 OR LENGTH(pt) > 40 THEN FALSE ELSE regexp_matches(pt, '^([0-9]{1,2})[.]([0-9]{1,2})[.]([0-9]{4})(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?\z') END AS dot_ok,
    CASE WHEN pt IS NULL OR LENGTH(pt) < 8 OR LENGTH(pt) > 40 THEN FALSE ELSE regexp_matches(pt, '^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?\z') END AS sl_ok
  FROM p6
),
p8 AS (
  SELECT *,
    CASE WHEN iso_ok THEN CAST(COALESCE(NULLIF(regexp_extract(pt, '^([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})(?:[T ]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:[.][0-9]+)?)?[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]*(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?\z', 1), ''), '0') AS INTEGER) ELSE 0 END AS iso_1,
    CASE WHEN iso_ok THEN CAST(COALESCE(NULLIF(regexp_extract(pt, '^([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})(?:[T ]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:[.][0-9]+)?)?[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]*(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?\z', 2), ''), '0') AS INTEGER) ELSE 0 END AS iso_2,
    CASE WHEN iso_ok THEN CAST(COALESCE(NULLIF(regexp_extract(pt, '^([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})(?:[T ]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:[.][0-9]+)?)?[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]*(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?\z', 3), ''), '0') AS INTEGER) ELSE 0 END AS iso_3,
    CASE WHEN iso_ok THEN CAST(COALESCE(NULLIF(regexp_extract(pt, '^([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})(?:[T ]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:[.][0-9]+)?)?[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]*(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?\z', 4), ''), '0') AS INTEGER) ELSE 0 END AS iso_4,
    CASE WHEN iso_ok THEN CAST(COALESCE(NULLIF(regexp_extract(pt, '^([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})(?:[T ]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:[.][0-9]+)?)?[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]*(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?\z', 5), ''), '0') AS INTEGER) ELSE 0 END AS iso_5,
    CASE WHEN iso_ok THEN CAST(COALESCE(NULLIF(regexp_extract(pt, '^([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})(?:[T ]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:[.][0-9]+)?)?[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]*(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?\z', 6), ''), '0') AS INTEGER) ELSE 0 END AS iso_6,
    CASE WHEN dot_ok THEN CAST(COALESCE(NULLIF(regexp_extract(pt, '^([0-9]{1,2})[.]([0-9]{1,2})[.]([0-9]{4})(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?\z', 1), ''), '0') AS INTEGER) ELSE 0 END AS dot_1,
    CASE WHEN dot_ok THEN CAST(COALESCE(NULLIF(regexp_extract(pt, '^([0-9]{1,2})[.]([0-9]{1,2})[.]([0-9]{4})(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?\z', 2), ''), '0') AS INTEGER) ELSE 0 END AS dot_2,
    CASE WHEN dot_ok THEN CAST(COALESCE(NULLIF(regexp_extract(pt, '^([0-9]{1,2})[.]([0-9]{1,2})[.]([0-9]{4})(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?\z', 3), ''), '0') AS INTEGER) ELSE 0 END AS dot_3,
    CASE WHEN dot_ok THEN CAST(COALESCE(NULLIF(regexp_extract(pt, '^([0-9]{1,2})[.]([0-9]{1,2})[.]([0-9]{4})(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?\z', 4), ''), '0') AS INTEGER) ELSE 0 END AS dot_4,
    CASE WHEN dot_ok THEN CAST(COALESCE(NULLIF(regexp_extract(pt, '^([0-9]{1,2})[.]([0-9]{1,2})[.]([0-9]{4})(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?\z', 5), ''), '0') AS INTEGER) ELSE 0 END AS dot_5,
    CASE WHEN dot_ok THEN CAST(COALESCE(NULLIF(regexp_extract(pt, '^([0-9]{1,2})[.]([0-9]{1,2})[.]([0-9]{4})(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?\z', 6), ''), '0') AS INTEGER) ELSE 0 END AS dot_6,
    CASE WHEN sl_ok THEN CAST(COALESCE(NULLIF(regexp_extract(pt, '^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?\z', 1), ''), '0') AS INTEGER) ELSE 0 END AS sl_1,
    CASE WHEN sl_ok THEN CAST(COALESCE(NULLIF(regexp_extract(pt, '^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?\z', 2), ''), '0') AS INTEGER) ELSE 0 END AS sl_2,
    CASE WHEN sl_ok THEN CAST(COALESCE(NULLIF(regexp_extract(pt, '^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?\z', 3), ''), '0') AS INTEGER) ELSE 0 END AS sl_3,
    CASE WHEN sl_ok THEN CAST(COALESCE(NULLIF(regexp_extract(pt, '^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?\z', 4), ''), '0') AS INTEGER) ELSE 0 END AS sl_4,
    CASE WHEN sl_ok THEN CAST(COALESCE(NULLIF(regexp_extract(pt, '^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?\z', 5), ''), '0') AS INTEGER) ELSE 0 END AS sl_5,
    CASE WHEN sl_ok THEN CAST(COALESCE(NULLIF(regexp_extract(pt, '^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?\z', 6), ''), '0') AS INTEGER) ELSE 0 END AS sl_6
  FROM p7
),
p9 AS (
  SELECT *,
    CASE WHEN iso_ok THEN CASE WHEN iso_2 >= 1 AND iso_2 <= 12 AND iso_3 >= 1 AND iso_3 <= CASE WHEN iso_2 = 2 THEN CASE WHEN ((iso_1 % 4) = 0 AND (iso_1 % 100) <> 0 OR (iso_1 % 400) = 0) THEN 29 ELSE 28 END WHEN iso_2 IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND iso_1 >= 1900 AND iso_1 <= 9999 AND iso_4 <= 23 AND iso_5 <= 59 AND iso_6 <= 59 THEN iso_1 * 12 + iso_2 - 1 END WHEN dot_ok THEN CASE WHEN dot_2 >= 1 AND dot_2 <= 12 AND dot_1 >= 1 AND dot_1 <= CASE WHEN dot_2 = 2 THEN CASE WHEN ((dot_3 % 4) = 0 AND (dot_3 % 100) <> 0 OR (dot_3 % 400) = 0) THEN 29 ELSE 28 END WHEN dot_2 IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND dot_3 >= 1900 AND dot_3 <= 9999 AND dot_4 <= 23 AND dot_5 <= 59 AND dot_6 <= 59 THEN dot_3 * 12 + dot_2 - 1 END WHEN sl_ok THEN CASE WHEN sl_2 >= 1 AND sl_2 <= 12 AND sl_1 >= 1 AND sl_1 <= CASE WHEN sl_2 = 2 THEN CASE WHEN ((sl_3 % 4) = 0 AND (sl_3 % 100) <> 0 OR (sl_3 % 400) = 0) THEN 29 ELSE 28 END WHEN sl_2 IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND sl_3 >= 1900 AND sl_3 <= 9999 AND sl_4 <= 23 AND sl_5 <= 59 AND sl_6 <= 59 THEN sl_3 * 12 + sl_2 - 1 END END AS date_dmy,
    CASE WHEN iso_ok THEN CASE WHEN iso_2 >= 1 AND iso_2 <= 12 AND iso_3 >= 1 AND iso_3 <= CASE WHEN iso_2 = 2 THEN CASE WHEN ((iso_1 % 4) = 0 AND (iso_1 % 100) <> 0 OR (iso_1 % 400) = 0) THEN 29 ELSE 28 END WHEN iso_2 IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND iso_1 >= 1900 AND iso_1 <= 9999 AND iso_4 <= 23 AND iso_5 <= 59 AND iso_6 <= 59 THEN iso_1 * 12 + iso_2 - 1 END WHEN dot_ok THEN CASE WHEN dot_2 >= 1 AND dot_2 <= 12 AND dot_1 >= 1 AND dot_1 <= CASE WHEN dot_2 = 2 THEN CASE WHEN ((dot_3 % 4) = 0 AND (dot_3 % 100) <> 0 OR (dot_3 % 400) = 0) THEN 29 ELSE 28 END WHEN dot_2 IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND dot_3 >= 1900 AND dot_3 <= 9999 AND dot_4 <= 23 AND dot_5 <= 59 AND dot_6 <= 59 THEN dot_3 * 12 + dot_2 - 1 END WHEN sl_ok THEN CASE WHEN sl_1 >= 1 AND sl_1 <= 12 AND sl_2 >= 1 AND sl_2 <= CASE WHEN sl_1 = 2 THEN CASE WHEN ((sl_3 % 4) = 0 AND (sl_3 % 100) <> 0 OR (sl_3 % 400) = 0) THEN 29 ELSE 28 END WHEN sl_1 IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND sl_3 >= 1900 AND sl_3 <= 9999 AND sl_4 <= 23 AND sl_5 <= 59 AND sl_6 <= 59 THEN sl_3 * 12 + sl_1 - 1 END END AS date_mdy
  FROM p8
),
pmonths AS (
  SELECT *,
    CASE WHEN n1 IS NOT NULL THEN CASE WHEN n1 >= 1 AND n1 < 100025569 THEN year((DATE '1970-01-01' + CAST(FLOOR(ROUND((n1 - 25569) * 86400000) / 86400000) AS INTEGER))) * 12 + month((DATE '1970-01-01' + CAST(FLOOR(ROUND((n1 - 25569) * 86400000) / 86400000) AS INTEGER))) - 1 END WHEN pt IS NOT NULL THEN date_mdy END AS per
  FROM p9
),
pmap AS (SELECT f1 AS pkey, per FROM pmonths),
m3_fields AS (SELECT DISTINCT f3 FROM src),
m3_1 AS (
  SELECT *,
    (left(f3, 1) IN (' ', chr(9)) OR right(f3, 1) IN (' ', chr(9))) AS e3
  FROM m3_fields
),
m3_2 AS (
  SELECT *,
    CASE WHEN e3 THEN regexp_replace(f3, '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') ELSE f3 END AS t3
  FROM m3_1
),
m3_3 AS (
  SELECT *,
    CASE WHEN TRY_CAST(t3 AS DOUBLE) IS NULL THEN NULL WHEN NOT regexp_matches(t3, '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?\z') THEN NULL WHEN regexp_matches(t3, '^[+-]?0[0-9]') THEN NULL WHEN LENGTH(regexp_replace(t3, '^[+-]?[0.]*|[eE].*\z|[.]', '', 'g')) > 15 THEN NULL ELSE TRY_CAST(t3 AS DOUBLE) END AS x3,
    (f3 IS NULL OR f3 = '' OR (e3 AND t3 = '')) AS b3
  FROM m3_2
),
m3_4 AS (
  SELECT *,
    CASE WHEN (x3 - x3) = 0 THEN NULL ELSE regexp_replace(f3, '[\x{00}-\x{08}\x{0B}\x{0C}\x{0E}-\x{1F}\x{FFFE}\x{FFFF}]', '', 'g') END AS w3,
    CASE WHEN (x3 - x3) = 0 THEN x3 END AS n3
  FROM m3_3
),
m3_5 AS (
  SELECT *,
    CASE WHEN b3 THEN NULL WHEN n3 IS NOT NULL THEN NULL WHEN regexp_replace(w3, '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '' THEN NULL ELSE w3 END AS tx3
  FROM m3_4
),
m3_read AS (
  SELECT *,
    n3 AS c3_num,
    tx3 AS c3_text,
    CASE WHEN (n3 - n3) = 0 THEN n3 WHEN tx3 IS NOT NULL THEN CASE WHEN regexp_matches(regexp_replace(tx3, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)\z') THEN CASE WHEN regexp_matches(regexp_replace(tx3, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^-') THEN -1 ELSE 1 END * TRY_CAST(CONCAT('0', regexp_replace(regexp_replace(tx3, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), CASE WHEN regexp_matches(regexp_replace(regexp_replace(tx3, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), '[.]') THEN '0' ELSE '' END) AS DOUBLE) END END AS v3,
    CASE WHEN (n3 - n3) = 0 THEN n3 WHEN LOWER(regexp_replace(tx3, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g')) IN ('true', 'yes', 'y') THEN 1 WHEN LOWER(regexp_replace(tx3, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g')) IN ('false', 'no', 'n') THEN 0 WHEN tx3 IS NOT NULL THEN CASE WHEN regexp_matches(regexp_replace(tx3, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)\z') THEN CASE WHEN regexp_matches(regexp_replace(tx3, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^-') THEN -1 ELSE 1 END * TRY_CAST(CONCAT('0', regexp_replace(regexp_replace(tx3, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), CASE WHEN regexp_matches(regexp_replace(regexp_replace(tx3, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), '[.]') THEN '0' ELSE '' END) AS DOUBLE) END END AS g3
  FROM m3_5
),
m3 AS (SELECT f3 AS key3, c3_num, c3_text, v3, g3 FROM m3_read),
m4_fields AS (SELECT DISTINCT f4 FROM src),
m4_1 AS (
  SELECT *,
    (left(f4, 1) IN (' ', chr(9)) OR right(f4, 1) IN (' ', chr(9))) AS e4
  FROM m4_fields
),
m4_2 AS (
  SELECT *,
    CASE WHEN e4 THEN regexp_replace(f4, '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') ELSE f4 END AS t4
  FROM m4_1
),
m4_3 AS (
  SELECT *,
    CASE WHEN TRY_CAST(t4 AS DOUBLE) IS NULL THEN NULL WHEN NOT regexp_matches(t4, '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?\z') THEN NULL WHEN regexp_matches(t4, '^[+-]?0[0-9]') THEN NULL WHEN LENGTH(regexp_replace(t4, '^[+-]?[0.]*|[eE].*\z|[.]', '', 'g')) > 15 THEN NULL ELSE TRY_CAST(t4 AS DOUBLE) END AS x4,
    (f4 IS NULL OR f4 = '' OR (e4 AND t4 = '')) AS b4
  FROM m4_2
),
m4_4 AS (
  SELECT *,
    CASE WHEN (x4 - x4) = 0 THEN NULL ELSE regexp_replace(f4, '[\x{00}-\x{08}\x{0B}\x{0C}\x{0E}-\x{1F}\x{FFFE}\x{FFFF}]', '', 'g') END AS w4,
    CASE WHEN (x4 - x4) = 0 THEN x4 END AS n4
  FROM m4_3
),
m4_5 AS (
  SELECT *,
    CASE WHEN b4 THEN NULL WHEN n4 IS NOT NULL THEN NULL WHEN regexp_replace(w4, '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '' THEN NULL ELSE w4 END AS tx4
  FROM m4_4
),
m4_read AS (
  SELECT *,
    n4 AS c4_num,
    tx4 AS c4_text,
    CASE WHEN (n4 - n4) = 0 THEN n4 WHEN tx4 IS NOT NULL THEN CASE WHEN regexp_matches(regexp_replace(tx4, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)\z') THEN CASE WHEN regexp_matches(regexp_replace(tx4, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^-') THEN -1 ELSE 1 END * TRY_CAST(CONCAT('0', regexp_replace(regexp_replace(tx4, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), CASE WHEN regexp_matches(regexp_replace(regexp_replace(tx4, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), '[.]') THEN '0' ELSE '' END) AS DOUBLE) END END AS v4,
    CASE WHEN (n4 - n4) = 0 THEN n4 WHEN LOWER(regexp_replace(tx4, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g')) IN ('true', 'yes', 'y') THEN 1 WHEN LOWER(regexp_replace(tx4, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g')) IN ('false', 'no', 'n') THEN 0 WHEN tx4 IS NOT NULL THEN CASE WHEN regexp_matches(regexp_replace(tx4, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)\z') THEN CASE WHEN regexp_matches(regexp_replace(tx4, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^-') THEN -1 ELSE 1 END * TRY_CAST(CONCAT('0', regexp_replace(regexp_replace(tx4, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), CASE WHEN regexp_matches(regexp_replace(regexp_replace(tx4, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), '[.]') THEN '0' ELSE '' END) AS DOUBLE) END END AS g4
  FROM m4_5
),
m4 AS (SELECT f4 AS key4, c4_num, c4_text, v4, g4 FROM m4_read),
m5_fields AS (SELECT DISTINCT f5 FROM src),
m5_1 AS (
  SELECT *,
    (left(f5, 1) IN (' ', chr(9)) OR right(f5, 1) IN (' ', chr(9))) AS e5
  FROM m5_fields
),
m5_2 AS (
  SELECT *,
    CASE WHEN e5 THEN regexp_replace(f5, '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') ELSE f5 END AS t5
  FROM m5_1
),
m5_3 AS (
  SELECT *,
    CASE WHEN TRY_CAST(t5 AS DOUBLE) IS NULL THEN NULL WHEN NOT regexp_matches(t5, '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?\z') THEN NULL WHEN regexp_matches(t5, '^[+-]?0[0-9]') THEN NULL WHEN LENGTH(regexp_replace(t5, '^[+-]?[0.]*|[eE].*\z|[.]', '', 'g')) > 15 THEN NULL ELSE TRY_CAST(t5 AS DOUBLE) END AS x5,
    (f5 IS NULL OR f5 = '' OR (e5 AND t5 = '')) AS b5
  FROM m5_2
),
m5_4 AS (
  SELECT *,
    CASE WHEN (x5 - x5) = 0 THEN NULL ELSE regexp_replace(f5, '[\x{00}-\x{08}\x{0B}\x{0C}\x{0E}-\x{1F}\x{FFFE}\x{FFFF}]', '', 'g') END AS w5,
    CASE WHEN (x5 - x5) = 0 THEN x5 END AS n5
  FROM m5_3
),
m5_5 AS (
  SELECT *,
    CASE WHEN b5 THEN NULL WHEN n5 IS NOT NULL THEN NULL WHEN regexp_replace(w5, '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '' THEN NULL ELSE w5 END AS tx5
  FROM m5_4
),
m5_read AS (
  SELECT *,
    n5 AS c5_num,
    tx5 AS c5_text,
    CASE WHEN (n5 - n5) = 0 THEN n5 WHEN tx5 IS NOT NULL THEN CASE WHEN regexp_matches(regexp_replace(tx5, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)\z') THEN CASE WHEN regexp_matches(regexp_replace(tx5, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^-') THEN -1 ELSE 1 END * TRY_CAST(CONCAT('0', regexp_replace(regexp_replace(tx5, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), CASE WHEN regexp_matches(regexp_replace(regexp_replace(tx5, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), '[.]') THEN '0' ELSE '' END) AS DOUBLE) END END AS v5,
    CASE WHEN (n5 - n5) = 0 THEN n5 WHEN LOWER(regexp_replace(tx5, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g')) IN ('true', 'yes', 'y') THEN 1 WHEN LOWER(regexp_replace(tx5, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g')) IN ('false', 'no', 'n') THEN 0 WHEN tx5 IS NOT NULL THEN CASE WHEN regexp_matches(regexp_replace(tx5, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)\z') THEN CASE WHEN regexp_matches(regexp_replace(tx5, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^-') THEN -1 ELSE 1 END * TRY_CAST(CONCAT('0', regexp_replace(regexp_replace(tx5, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), CASE WHEN regexp_matches(regexp_replace(regexp_replace(tx5, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), '[.]') THEN '0' ELSE '' END) AS DOUBLE) END END AS g5
  FROM m5_5
),
m5 AS (SELECT f5 AS key5, c5_num, c5_text, v5, g5 FROM m5_read),
m6_fields AS (SELECT DISTINCT f6 FROM src),
m6_1 AS (
  SELECT *,
    (left(f6, 1) IN (' ', chr(9)) OR right(f6, 1) IN (' ', chr(9))) AS e6
  FROM m6_fields
),
m6_2 AS (
  SELECT *,
    CASE WHEN e6 THEN regexp_replace(f6, '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') ELSE f6 END AS t6
  FROM m6_1
),
m6_3 AS (
  SELECT *,
    CASE WHEN TRY_CAST(t6 AS DOUBLE) IS NULL THEN NULL WHEN NOT regexp_matches(t6, '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?\z') THEN NULL WHEN regexp_matches(t6, '^[+-]?0[0-9]') THEN NULL WHEN LENGTH(regexp_replace(t6, '^[+-]?[0.]*|[eE].*\z|[.]', '', 'g')) > 15 THEN NULL ELSE TRY_CAST(t6 AS DOUBLE) END AS x6,
    (f6 IS NULL OR f6 = '' OR (e6 AND t6 = '')) AS b6
  FROM m6_2
),
m6_4 AS (
  SELECT *,
    CASE WHEN (x6 - x6) = 0 THEN NULL ELSE regexp_replace(f6, '[\x{00}-\x{08}\x{0B}\x{0C}\x{0E}-\x{1F}\x{FFFE}\x{FFFF}]', '', 'g') END AS w6,
    CASE WHEN (x6 - x6) = 0 THEN x6 END AS n6
  FROM m6_3
),
m6_5 AS (
  SELECT *,
    CASE WHEN b6 THEN NULL WHEN n6 IS NOT NULL THEN NULL WHEN regexp_replace(w6, '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '' THEN NULL ELSE w6 END AS tx6
  FROM m6_4
),
m6_read AS (
  SELECT *,
    n6 AS c6_num,
    tx6 AS c6_text,
    CASE WHEN (n6 - n6) = 0 THEN n6 WHEN tx6 IS NOT NULL THEN CASE WHEN regexp_matches(regexp_replace(tx6, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)\z') THEN CASE WHEN regexp_matches(regexp_replace(tx6, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^-') THEN -1 ELSE 1 END * TRY_CAST(CONCAT('0', regexp_replace(regexp_replace(tx6, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), CASE WHEN regexp_matches(regexp_replace(regexp_replace(tx6, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), '[.]') THEN '0' ELSE '' END) AS DOUBLE) END END AS v6,
    CASE WHEN (n6 - n6) = 0 THEN n6 WHEN LOWER(regexp_replace(tx6, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g')) IN ('true', 'yes', 'y') THEN 1 WHEN LOWER(regexp_replace(tx6, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g')) IN ('false', 'no', 'n') THEN 0 WHEN tx6 IS NOT NULL THEN CASE WHEN regexp_matches(regexp_replace(tx6, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)\z') THEN CASE WHEN regexp_matches(regexp_replace(tx6, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^-') THEN -1 ELSE 1 END * TRY_CAST(CONCAT('0', regexp_replace(regexp_replace(tx6, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), CASE WHEN regexp_matches(regexp_replace(regexp_replace(tx6, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), '[.]') THEN '0' ELSE '' END) AS DOUBLE) END END AS g6
  FROM m6_5
),
m6 AS (SELECT f6 AS key6, c6_num, c6_text, v6, g6 FROM m6_read),
m8_fields AS (SELECT DISTINCT f8 FROM src),
m8_1 AS (
  SELECT *,
    (left(f8, 1) IN (' ', chr(9)) OR right(f8, 1) IN (' ', chr(9))) AS e8
  FROM m8_fields
),
m8_2 AS (
  SELECT *,
    CASE WHEN e8 THEN regexp_replace(f8, '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') ELSE f8 END AS t8
  FROM m8_1
),
m8_3 AS (
  SELECT *,
    CASE WHEN TRY_CAST(t8 AS DOUBLE) IS NULL THEN NULL WHEN NOT regexp_matches(t8, '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?\z') THEN NULL WHEN regexp_matches(t8, '^[+-]?0[0-9]') THEN NULL WHEN LENGTH(regexp_replace(t8, '^[+-]?[0.]*|[eE].*\z|[.]', '', 'g')) > 15 THEN NULL ELSE TRY_CAST(t8 AS DOUBLE) END AS x8,
    (f8 IS NULL OR f8 = '' OR (e8 AND t8 = '')) AS b8
  FROM m8_2
),
m8_4 AS (
  SELECT *,
    CASE WHEN (x8 - x8) = 0 THEN NULL ELSE regexp_replace(f8, '[\x{00}-\x{08}\x{0B}\x{0C}\x{0E}-\x{1F}\x{FFFE}\x{FFFF}]', '', 'g') END AS w8,
    CASE WHEN (x8 - x8) = 0 THEN x8 END AS n8
  FROM m8_3
),
m8_5 AS (
  SELECT *,
    CASE WHEN b8 THEN NULL WHEN n8 IS NOT NULL THEN NULL WHEN regexp_replace(w8, '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '' THEN NULL ELSE w8 END AS tx8
  FROM m8_4
),
m8_read AS (
  SELECT *,
    n8 AS c8_num,
    tx8 AS c8_text,
    CASE WHEN (n8 - n8) = 0 THEN n8 WHEN tx8 IS NOT NULL THEN CASE WHEN regexp_matches(regexp_replace(tx8, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)\z') THEN CASE WHEN regexp_matches(regexp_replace(tx8, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^-') THEN -1 ELSE 1 END * TRY_CAST(CONCAT('0', regexp_replace(regexp_replace(tx8, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), CASE WHEN regexp_matches(regexp_replace(regexp_replace(tx8, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), '[.]') THEN '0' ELSE '' END) AS DOUBLE) END END AS v8,
    CASE WHEN (n8 - n8) = 0 THEN n8 WHEN LOWER(regexp_replace(tx8, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g')) IN ('true', 'yes', 'y') THEN 1 WHEN LOWER(regexp_replace(tx8, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g')) IN ('false', 'no', 'n') THEN 0 WHEN tx8 IS NOT NULL THEN CASE WHEN regexp_matches(regexp_replace(tx8, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)\z') THEN CASE WHEN regexp_matches(regexp_replace(tx8, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^-') THEN -1 ELSE 1 END * TRY_CAST(CONCAT('0', regexp_replace(regexp_replace(tx8, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), CASE WHEN regexp_matches(regexp_replace(regexp_replace(tx8, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), '[.]') THEN '0' ELSE '' END) AS DOUBLE) END END AS g8
  FROM m8_5
),
m8 AS (SELECT f8 AS key8, c8_num, c8_text, v8, g8 FROM m8_read),
cells AS (SELECT * FROM src),
readings AS (SELECT r.*, m3.c3_num, m3.c3_text, m3.v3, m3.g3, m4.c4_num, m4.c4_text, m4.v4, m4.g4, m5.c5_num, m5.c5_text, m5.v5, m5.g5, m6.c6_num, m6.c6_text, m6.v6, m6.g6, m8.c8_num, m8.c8_text, m8.v8, m8.g8, pm.per FROM cells r LEFT JOIN m3 ON r.f3 IS NOT DISTINCT FROM m3.key3 LEFT JOIN m4 ON r.f4 IS NOT DISTINCT FROM m4.key4 LEFT JOIN m5 ON r.f5 IS NOT DISTINCT FROM m5.key5 LEFT JOIN m6 ON r.f6 IS NOT DISTINCT FROM m6.key6 LEFT JOIN m8 ON r.f8 IS NOT DISTINCT FROM m8.key8 LEFT JOIN pmap pm ON r.f1 IS NOT DISTINCT FROM pm.pkey)
SELECT seg, per, COUNT(*) AS row_count,
  COUNT(v5) AS s0_0,
  SUM(CASE WHEN (v5 >= 1 AND v5 <= 7 AND v5 = FLOOR(v5)) THEN v5 ELSE 0 END) AS s0_1,
  SUM(CASE WHEN (v5 >= 1 AND v5 <= 7 AND v5 = FLOOR(v5)) THEN v5 * v5 ELSE 0 END) AS s0_2,
  SUM(CASE WHEN v5 IS NOT NULL AND NOT (v5 >= 1 AND v5 <= 7 AND v5 = FLOOR(v5)) THEN 1 ELSE 0 END) AS s0_3,
  SUM(CASE WHEN v5 IS NOT NULL AND NOT (v5 >= 1 AND v5 <= 7 AND v5 = FLOOR(v5)) THEN 1 ELSE 0 END) AS s0_rejected,
  SUM(CASE WHEN g6 IN (0, 1) THEN 1 ELSE 0 END) AS s1_0,
  SUM(CASE WHEN g6 = 1 THEN 1 ELSE 0 END) AS s1_1,
  SUM(CASE WHEN g6 NOT IN (0, 1) THEN 1 ELSE 0 END) AS s1_2,
  SUM(CASE WHEN g6 NOT IN (0, 1) THEN 1 ELSE 0 END) AS s1_rejected,
  COUNT(v3) AS s2_0,
  SUM(CASE WHEN (v3 >= 0 AND v3 <= 10 AND v3 = FLOOR(v3)) AND v3 >= 9 THEN 1 ELSE 0 END) AS s2_1,
  SUM(CASE WHEN (v3 >= 0 AND v3 <= 10 AND v3 = FLOOR(v3)) AND v3 <= 6 THEN 1 ELSE 0 END) AS s2_2,
  SUM(CASE WHEN v3 IS NOT NULL AND NOT (v3 >= 0 AND v3 <= 10 AND v3 = FLOOR(v3)) THEN 1 ELSE 0 END) AS s2_3,
  SUM(CASE WHEN v3 IS NOT NULL AND NOT (v3 >= 0 AND v3 <= 10 AND v3 = FLOOR(v3)) THEN 1 ELSE 0 END) AS s2_rejected,
  COUNT(v4) AS s3_0,
  SUM(CASE WHEN (v4 >= 1 AND v4 <= 5 AND v4 = FLOOR(v4)) AND v4 >= 4 THEN 1 ELSE 0 END) AS s3_1,
  SUM(CASE WHEN v4 IS NOT NULL AND NOT (v4 >= 1 AND v4 <= 5 AND v4 = FLOOR(v4)) THEN 1 ELSE 0 END) AS s3_2,
  SUM(CASE WHEN v4 IS NOT NULL AND NOT (v4 >= 1 AND v4 <= 5 AND v4 = FLOOR(v4)) THEN 1 ELSE 0 END) AS s3_rejected,
  COUNT(v8) AS s4_0,
  AVG(v8) AS s4_1,
  VAR_POP(v8) * COUNT(v8) AS s4_2,
  0 AS s4_rejected,
  0 AS s4_shift
FROM readings
GROUP BY seg, per;
