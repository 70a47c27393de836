-- KPI scorecard statistics (kpi-scorecard), duckdb SQL: one row per segment value and month; the scorecard adds them up.
-- s0_*: Customer Effort Score (CES): 0 n, 1 sum, 2 sum of squares, 3 sum of cubes, 4 off scale
-- s1_*: First Contact Resolution (FCR): 0 n, 1 resolved, 2 not a flag
-- s2_*: Net Promoter Score (NPS): 0 n, 1 promoters, 2 detractors, 3 off scale
-- s3_*: Customer Satisfaction (CSAT): 0 n, 1 satisfied, 2 off scale
-- s4_*: Revenue per customer: 0 rows with revenue, 1 mean of x - shift, 2 sum of squared deviations, 3 sum of cubes of x - shift
-- s5_*: Customer experience index: Agent knowledge (1-5), Speed of service (1-5), Website and app (1-5), Delivery (1-5), Fair pricing (1-5): 0 respondents, 1 answers: Agent knowledge (1-5), 2 top-2 (4-5), 3 bottom-2 (1-2), 4 answers: Speed of service (1-5), 5 top-2 (4-5), 6 bottom-2 (1-2), 7 answers: Website and app (1-5), 8 top-2 (4-5), 9 bottom-2 (1-2), 10 answers: Delivery (1-5), 11 top-2 (4-5), 12 bottom-2 (1-2), 13 answers: Fair pricing (1-5), 14 top-2 (4-5), 15 bottom-2 (1-2), 16 off scale
WITH src AS (
  SELECT "Reg""ion `x\" AS seg,
    "Response date" AS f1,
    "How likely are you to recommend us? (0-10)" AS f3,
    "Overall satisfaction (1-5)" AS f4,
    "The company made it easy to handle my issue (1-7)" AS f5,
    "Issue resolved on first contact?" AS f6,
    "Order value" AS f8,
    "Agent knowledge (1-5)" AS f9,
    "Speed of service (1-5)" AS f10,
    "Website and app (1-5)" AS f11,
    "Delivery (1-5)" AS f12,
    "Fair pricing (1-5)" AS f13
  FROM read_csv('FILE', delim = ',', header = true, quote = '"', escape = '"', null_padding = true, strict_mode = false, new_line = '\n', auto_detect = false, columns = {'Respondent ID': 'VARCHAR', 'Response date': 'VARCHAR', 'Reg"ion `x\': 'VARCHAR', 'How likely are you to recommend us? (0-10)': 'VARCHAR', 'Overall satisfaction (1-5)': 'VARCHAR', 'The company made it easy to handle my issue (1-7)': 'VARCHAR', 'Issue resolved on first contact?': 'VARCHAR', 'Comment': 'VARCHAR', 'Order value': 'VARCHAR', 'Agent knowledge (1-5)': 'VARCHAR', 'Speed of service (1-5)': 'VARCHAR', 'Website and app (1-5)': 'VARCHAR', 'Delivery (1-5)': 'VARCHAR', 'Fair pricing (1-5)': 'VARCHAR'})
  WHERE NOT (CASE WHEN CONCAT(COALESCE("Respondent ID", ''), COALESCE("Response date", ''), COALESCE("Reg""ion `x\", ''), COALESCE("How likely are you to recommend us? (0-10)", ''), COALESCE("Overall satisfaction (1-5)", ''), COALESCE("The company made it easy to handle my issue (1-7)", ''), COALESCE("Issue resolved on first contact?", ''), COALESCE("Comment", ''), COALESCE("Order value", ''), COALESCE("Agent knowledge (1-5)", ''), COALESCE("Speed of service (1-5)", ''), COALESCE("Website and app (1-5)", ''), COALESCE("Delivery (1-5)", ''), COALESCE("Fair pricing (1-5)", '')) = '' THEN TRUE WHEN regexp_matches(CONCAT(COALESCE("Respondent ID", ''), COALESCE("Response date", ''), COALESCE("Reg""ion `x\", ''), COALESCE("How likely are you to recommend us? (0-10)", ''), COALESCE("Overall satisfaction (1-5)", ''), COALESCE("The company made it easy to handle my issue (1-7)", ''), COALESCE("Issue resolved on first contact?", ''), COALESCE("Comment", ''), COALESCE("Order value", ''), COALESCE("Agent knowledge (1-5)", ''), COALESCE("Speed of service (1-5)", ''), COALESCE("Website and app (1-5)", ''), COALESCE("Delivery (1-5)", ''), COALESCE("Fair pricing (1-5)", '')), '[^\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]') THEN FALSE ELSE ("Respondent ID" IS NULL OR "Respondent ID" = '' OR (left("Respondent ID", 1) IN (' ', chr(9)) OR right("Respondent ID", 1) IN (' ', chr(9))) AND regexp_replace("Respondent ID", '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '') AND ("Response date" IS NULL OR "Response date" = '' OR (left("Response date", 1) IN (' ', chr(9)) OR right("Response date", 1) IN (' ', chr(9))) AND regexp_replace("Response date", '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '') AND ("Reg""ion `x\" IS NULL OR "Reg""ion `x\" = '' OR (left("Reg""ion `x\", 1) IN (' ', chr(9)) OR right("Reg""ion `x\", 1) IN (' ', chr(9))) AND regexp_replace("Reg""ion `x\", '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '') AND ("How likely are you to recommend us? (0-10)" IS NULL OR "How likely are you to recommend us? (0-10)" = '' OR (left("How likely are you to recommend us? (0-10)", 1) IN (' ', chr(9)) OR right("How likely are you to recommend us? (0-10)", 1) IN (' ', chr(9))) AND regexp_replace("How likely are you to recommend us? (0-10)", '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '') AND ("Overall satisfaction (1-5)" IS NULL OR "Overall satisfaction (1-5)" = '' OR (left("Overall satisfaction (1-5)", 1) IN (' ', chr(9)) OR right("Overall satisfaction (1-5)", 1) IN (' ', chr(9))) AND regexp_replace("Overall satisfaction (1-5)", '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '') AND ("The company made it easy to handle my issue (1-7)" IS NULL OR "The company made it easy to handle my issue (1-7)" = '' OR (left("The company made it easy to handle my issue (1-7)", 1) IN (' ', chr(9)) OR right("The company made it easy to handle my issue (1-7)", 1) IN (' ', chr(9))) AND regexp_replace("The company made it easy to handle my issue (1-7)", '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '') AND ("Issue resolved on first contact?" IS NULL OR "Issue resolved on first contact?" = '' OR (left("Issue resolved on first contact?", 1) IN (' ', chr(9)) OR right("Issue resolved on first contact?", 1) IN (' ', chr(9))) AND regexp_replace("Issue resolved on first contact?", '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '') AND ("Comment" IS NULL OR "Comment" = '' OR (left("Comment", 1) IN (' ', chr(9)) OR right("Comment", 1) IN (' ', chr(9))) AND regexp_replace("Comment", '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '') AND ("Order value" IS NULL OR "Order value" = '' OR (left("Order value", 1) IN (' ', chr(9)) OR right("Order value", 1) IN (' ', chr(9))) AND regexp_replace("Order value", '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '') AND ("Agent knowledge (1-5)" IS NULL OR "Agent knowledge (1-5)" = '' OR (left("Agent knowledge (1-5)", 1) IN (' ', chr(9)) OR right("Agent knowledge (1-5)", 1) IN (' ', chr(9))) AND regexp_replace("Agent knowledge (1-5)", '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '') AND ("Speed of service (1-5)" IS NULL OR "Speed of service (1-5)" = '' OR (left("Speed of service (1-5)", 1) IN (' ', chr(9)) OR right("Speed of service (1-5)", 1) IN (' ', chr(9))) AND regexp_replace("Speed of service (1-5)", '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '') AND ("Website and app (1-5)" IS NULL OR "Website and app (1-5)" = '' OR (left("Website and app (1-5)", 1) IN (' ', chr(9)) OR right("Website and app (1-5)", 1) IN (' ', chr(9))) AND regexp_replace("Website and app (1-5)", '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '') AND ("Delivery (1-5)" IS NULL OR "Delivery (1-5)" = '' OR (left("Delivery (1-5)", 1) IN (' ', chr(9)) OR right("Delivery (1-5)", 1) IN (' ', chr(9))) AND regexp_replace("Delivery (1-5)", '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '') AND ("Fair pricing (1-5)" IS NULL OR "Fair pricing (1-5)" = '' OR (left("Fair pricing (1-5)", 1) IN (' ', chr(9)) OR right("Fair pricing (1-5)", 1) IN (' ', chr(9))) AND regexp_replace("Fair pricing (1-5)", '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '') END)
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
m9_fields AS (SELECT DISTINCT f9 FROM src),
m9_1 AS (
  SELECT *,
    (left(f9, 1) IN (' ', chr(9)) OR right(f9, 1) IN (' ', chr(9))) AS e9
  FROM m9_fields
),
m9_2 AS (
  SELECT *,
    CASE WHEN e9 THEN regexp_replace(f9, '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') ELSE f9 END AS t9
  FROM m9_1
),
m9_3 AS (
  SELECT *,
    CASE WHEN TRY_CAST(t9 AS DOUBLE) IS NULL THEN NULL WHEN NOT regexp_matches(t9, '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?\z') THEN NULL WHEN regexp_matches(t9, '^[+-]?0[0-9]') THEN NULL WHEN LENGTH(regexp_replace(t9, '^[+-]?[0.]*|[eE].*\z|[.]', '', 'g')) > 15 THEN NULL ELSE TRY_CAST(t9 AS DOUBLE) END AS x9,
    (f9 IS NULL OR f9 = '' OR (e9 AND t9 = '')) AS b9
  FROM m9_2
),
m9_4 AS (
  SELECT *,
    CASE WHEN (x9 - x9) = 0 THEN NULL ELSE regexp_replace(f9, '[\x{00}-\x{08}\x{0B}\x{0C}\x{0E}-\x{1F}\x{FFFE}\x{FFFF}]', '', 'g') END AS w9,
    CASE WHEN (x9 - x9) = 0 THEN x9 END AS n9
  FROM m9_3
),
m9_5 AS (
  SELECT *,
    CASE WHEN b9 THEN NULL WHEN n9 IS NOT NULL THEN NULL WHEN regexp_replace(w9, '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '' THEN NULL ELSE w9 END AS tx9
  FROM m9_4
),
m9_read AS (
  SELECT *,
    n9 AS c9_num,
    tx9 AS c9_text,
    CASE WHEN (n9 - n9) = 0 THEN n9 WHEN tx9 IS NOT NULL THEN CASE WHEN regexp_matches(regexp_replace(tx9, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)\z') THEN CASE WHEN regexp_matches(regexp_replace(tx9, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^-') THEN -1 ELSE 1 END * TRY_CAST(CONCAT('0', regexp_replace(regexp_replace(tx9, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), CASE WHEN regexp_matches(regexp_replace(regexp_replace(tx9, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), '[.]') THEN '0' ELSE '' END) AS DOUBLE) END END AS v9,
    CASE WHEN (n9 - n9) = 0 THEN n9 WHEN LOWER(regexp_replace(tx9, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g')) IN ('true', 'yes', 'y') THEN 1 WHEN LOWER(regexp_replace(tx9, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g')) IN ('false', 'no', 'n') THEN 0 WHEN tx9 IS NOT NULL THEN CASE WHEN regexp_matches(regexp_replace(tx9, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)\z') THEN CASE WHEN regexp_matches(regexp_replace(tx9, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^-') THEN -1 ELSE 1 END * TRY_CAST(CONCAT('0', regexp_replace(regexp_replace(tx9, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), CASE WHEN regexp_matches(regexp_replace(regexp_replace(tx9, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), '[.]') THEN '0' ELSE '' END) AS DOUBLE) END END AS g9
  FROM m9_5
),
m9 AS (SELECT f9 AS key9, c9_num, c9_text, v9, g9 FROM m9_read),
m10_fields AS (SELECT DISTINCT f10 FROM src),
m10_1 AS (
  SELECT *,
    (left(f10, 1) IN (' ', chr(9)) OR right(f10, 1) IN (' ', chr(9))) AS e10
  FROM m10_fields
),
m10_2 AS (
  SELECT *,
    CASE WHEN e10 THEN regexp_replace(f10, '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') ELSE f10 END AS t10
  FROM m10_1
),
m10_3 AS (
  SELECT *,
    CASE WHEN TRY_CAST(t10 AS DOUBLE) IS NULL THEN NULL WHEN NOT regexp_matches(t10, '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?\z') THEN NULL WHEN regexp_matches(t10, '^[+-]?0[0-9]') THEN NULL WHEN LENGTH(regexp_replace(t10, '^[+-]?[0.]*|[eE].*\z|[.]', '', 'g')) > 15 THEN NULL ELSE TRY_CAST(t10 AS DOUBLE) END AS x10,
    (f10 IS NULL OR f10 = '' OR (e10 AND t10 = '')) AS b10
  FROM m10_2
),
m10_4 AS (
  SELECT *,
    CASE WHEN (x10 - x10) = 0 THEN NULL ELSE regexp_replace(f10, '[\x{00}-\x{08}\x{0B}\x{0C}\x{0E}-\x{1F}\x{FFFE}\x{FFFF}]', '', 'g') END AS w10,
    CASE WHEN (x10 - x10) = 0 THEN x10 END AS n10
  FROM m10_3
),
m10_5 AS (
  SELECT *,
    CASE WHEN b10 THEN NULL WHEN n10 IS NOT NULL THEN NULL WHEN regexp_replace(w10, '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '' THEN NULL ELSE w10 END AS tx10
  FROM m10_4
),
m10_read AS (
  SELECT *,
    n10 AS c10_num,
    tx10 AS c10_text,
    CASE WHEN (n10 - n10) = 0 THEN n10 WHEN tx10 IS NOT NULL THEN CASE WHEN regexp_matches(regexp_replace(tx10, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)\z') THEN CASE WHEN regexp_matches(regexp_replace(tx10, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^-') THEN -1 ELSE 1 END * TRY_CAST(CONCAT('0', regexp_replace(regexp_replace(tx10, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), CASE WHEN regexp_matches(regexp_replace(regexp_replace(tx10, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), '[.]') THEN '0' ELSE '' END) AS DOUBLE) END END AS v10,
    CASE WHEN (n10 - n10) = 0 THEN n10 WHEN LOWER(regexp_replace(tx10, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g')) IN ('true', 'yes', 'y') THEN 1 WHEN LOWER(regexp_replace(tx10, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g')) IN ('false', 'no', 'n') THEN 0 WHEN tx10 IS NOT NULL THEN CASE WHEN regexp_matches(regexp_replace(tx10, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)\z') THEN CASE WHEN regexp_matches(regexp_replace(tx10, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^-') THEN -1 ELSE 1 END * TRY_CAST(CONCAT('0', regexp_replace(regexp_replace(tx10, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), CASE WHEN regexp_matches(regexp_replace(regexp_replace(tx10, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), '[.]') THEN '0' ELSE '' END) AS DOUBLE) END END AS g10
  FROM m10_5
),
m10 AS (SELECT f10 AS key10, c10_num, c10_text, v10, g10 FROM m10_read),
m11_fields AS (SELECT DISTINCT f11 FROM src),
m11_1 AS (
  SELECT *,
    (left(f11, 1) IN (' ', chr(9)) OR right(f11, 1) IN (' ', chr(9))) AS e11
  FROM m11_fields
),
m11_2 AS (
  SELECT *,
    CASE WHEN e11 THEN regexp_replace(f11, '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') ELSE f11 END AS t11
  FROM m11_1
),
m11_3 AS (
  SELECT *,
    CASE WHEN TRY_CAST(t11 AS DOUBLE) IS NULL THEN NULL WHEN NOT regexp_matches(t11, '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?\z') THEN NULL WHEN regexp_matches(t11, '^[+-]?0[0-9]') THEN NULL WHEN LENGTH(regexp_replace(t11, '^[+-]?[0.]*|[eE].*\z|[.]', '', 'g')) > 15 THEN NULL ELSE TRY_CAST(t11 AS DOUBLE) END AS x11,
    (f11 IS NULL OR f11 = '' OR (e11 AND t11 = '')) AS b11
  FROM m11_2
),
m11_4 AS (
  SELECT *,
    CASE WHEN (x11 - x11) = 0 THEN NULL ELSE regexp_replace(f11, '[\x{00}-\x{08}\x{0B}\x{0C}\x{0E}-\x{1F}\x{FFFE}\x{FFFF}]', '', 'g') END AS w11,
    CASE WHEN (x11 - x11) = 0 THEN x11 END AS n11
  FROM m11_3
),
m11_5 AS (
  SELECT *,
    CASE WHEN b11 THEN NULL WHEN n11 IS NOT NULL THEN NULL WHEN regexp_replace(w11, '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '' THEN NULL ELSE w11 END AS tx11
  FROM m11_4
),
m11_read AS (
  SELECT *,
    n11 AS c11_num,
    tx11 AS c11_text,
    CASE WHEN (n11 - n11) = 0 THEN n11 WHEN tx11 IS NOT NULL THEN CASE WHEN regexp_matches(regexp_replace(tx11, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)\z') THEN CASE WHEN regexp_matches(regexp_replace(tx11, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^-') THEN -1 ELSE 1 END * TRY_CAST(CONCAT('0', regexp_replace(regexp_replace(tx11, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), CASE WHEN regexp_matches(regexp_replace(regexp_replace(tx11, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), '[.]') THEN '0' ELSE '' END) AS DOUBLE) END END AS v11,
    CASE WHEN (n11 - n11) = 0 THEN n11 WHEN LOWER(regexp_replace(tx11, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g')) IN ('true', 'yes', 'y') THEN 1 WHEN LOWER(regexp_replace(tx11, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g')) IN ('false', 'no', 'n') THEN 0 WHEN tx11 IS NOT NULL THEN CASE WHEN regexp_matches(regexp_replace(tx11, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)\z') THEN CASE WHEN regexp_matches(regexp_replace(tx11, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^-') THEN -1 ELSE 1 END * TRY_CAST(CONCAT('0', regexp_replace(regexp_replace(tx11, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), CASE WHEN regexp_matches(regexp_replace(regexp_replace(tx11, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), '[.]') THEN '0' ELSE '' END) AS DOUBLE) END END AS g11
  FROM m11_5
),
m11 AS (SELECT f11 AS key11, c11_num, c11_text, v11, g11 FROM m11_read),
m12_fields AS (SELECT DISTINCT f12 FROM src),
m12_1 AS (
  SELECT *,
    (left(f12, 1) IN (' ', chr(9)) OR right(f12, 1) IN (' ', chr(9))) AS e12
  FROM m12_fields
),
m12_2 AS (
  SELECT *,
    CASE WHEN e12 THEN regexp_replace(f12, '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') ELSE f12 END AS t12
  FROM m12_1
),
m12_3 AS (
  SELECT *,
    CASE WHEN TRY_CAST(t12 AS DOUBLE) IS NULL THEN NULL WHEN NOT regexp_matches(t12, '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?\z') THEN NULL WHEN regexp_matches(t12, '^[+-]?0[0-9]') THEN NULL WHEN LENGTH(regexp_replace(t12, '^[+-]?[0.]*|[eE].*\z|[.]', '', 'g')) > 15 THEN NULL ELSE TRY_CAST(t12 AS DOUBLE) END AS x12,
    (f12 IS NULL OR f12 = '' OR (e12 AND t12 = '')) AS b12
  FROM m12_2
),
m12_4 AS (
  SELECT *,
    CASE WHEN (x12 - x12) = 0 THEN NULL ELSE regexp_replace(f12, '[\x{00}-\x{08}\x{0B}\x{0C}\x{0E}-\x{1F}\x{FFFE}\x{FFFF}]', '', 'g') END AS w12,
    CASE WHEN (x12 - x12) = 0 THEN x12 END AS n12
  FROM m12_3
),
m12_5 AS (
  SELECT *,
    CASE WHEN b12 THEN NULL WHEN n12 IS NOT NULL THEN NULL WHEN regexp_replace(w12, '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '' THEN NULL ELSE w12 END AS tx12
  FROM m12_4
),
m12_read AS (
  SELECT *,
    n12 AS c12_num,
    tx12 AS c12_text,
    CASE WHEN (n12 - n12) = 0 THEN n12 WHEN tx12 IS NOT NULL THEN CASE WHEN regexp_matches(regexp_replace(tx12, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)\z') THEN CASE WHEN regexp_matches(regexp_replace(tx12, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^-') THEN -1 ELSE 1 END * TRY_CAST(CONCAT('0', regexp_replace(regexp_replace(tx12, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), CASE WHEN regexp_matches(regexp_replace(regexp_replace(tx12, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), '[.]') THEN '0' ELSE '' END) AS DOUBLE) END END AS v12,
    CASE WHEN (n12 - n12) = 0 THEN n12 WHEN LOWER(regexp_replace(tx12, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g')) IN ('true', 'yes', 'y') THEN 1 WHEN LOWER(regexp_replace(tx12, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g')) IN ('false', 'no', 'n') THEN 0 WHEN tx12 IS NOT NULL THEN CASE WHEN regexp_matches(regexp_replace(tx12, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)\z') THEN CASE WHEN regexp_matches(regexp_replace(tx12, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^-') THEN -1 ELSE 1 END * TRY_CAST(CONCAT('0', regexp_replace(regexp_replace(tx12, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), CASE WHEN regexp_matches(regexp_replace(regexp_replace(tx12, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), '[.]') THEN '0' ELSE '' END) AS DOUBLE) END END AS g12
  FROM m12_5
),
m12 AS (SELECT f12 AS key12, c12_num, c12_text, v12, g12 FROM m12_read),
m13_fields AS (SELECT DISTINCT f13 FROM src),
m13_1 AS (
  SELECT *,
    (left(f13, 1) IN (' ', chr(9)) OR right(f13, 1) IN (' ', chr(9))) AS e13
  FROM m13_fields
),
m13_2 AS (
  SELECT *,
    CASE WHEN e13 THEN regexp_replace(f13, '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') ELSE f13 END AS t13
  FROM m13_1
),
m13_3 AS (
  SELECT *,
    CASE WHEN TRY_CAST(t13 AS DOUBLE) IS NULL THEN NULL WHEN NOT regexp_matches(t13, '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?\z') THEN NULL WHEN regexp_matches(t13, '^[+-]?0[0-9]') THEN NULL WHEN LENGTH(regexp_replace(t13, '^[+-]?[0.]*|[eE].*\z|[.]', '', 'g')) > 15 THEN NULL ELSE TRY_CAST(t13 AS DOUBLE) END AS x13,
    (f13 IS NULL OR f13 = '' OR (e13 AND t13 = '')) AS b13
  FROM m13_2
),
m13_4 AS (
  SELECT *,
    CASE WHEN (x13 - x13) = 0 THEN NULL ELSE regexp_replace(f13, '[\x{00}-\x{08}\x{0B}\x{0C}\x{0E}-\x{1F}\x{FFFE}\x{FFFF}]', '', 'g') END AS w13,
    CASE WHEN (x13 - x13) = 0 THEN x13 END AS n13
  FROM m13_3
),
m13_5 AS (
  SELECT *,
    CASE WHEN b13 THEN NULL WHEN n13 IS NOT NULL THEN NULL WHEN regexp_replace(w13, '^[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\x{09}-\x{0D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+\z', '', 'g') = '' THEN NULL ELSE w13 END AS tx13
  FROM m13_4
),
m13_read AS (
  SELECT *,
    n13 AS c13_num,
    tx13 AS c13_text,
    CASE WHEN (n13 - n13) = 0 THEN n13 WHEN tx13 IS NOT NULL THEN CASE WHEN regexp_matches(regexp_replace(tx13, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)\z') THEN CASE WHEN regexp_matches(regexp_replace(tx13, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^-') THEN -1 ELSE 1 END * TRY_CAST(CONCAT('0', regexp_replace(regexp_replace(tx13, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), CASE WHEN regexp_matches(regexp_replace(regexp_replace(tx13, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), '[.]') THEN '0' ELSE '' END) AS DOUBLE) END END AS v13,
    CASE WHEN (n13 - n13) = 0 THEN n13 WHEN LOWER(regexp_replace(tx13, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g')) IN ('true', 'yes', 'y') THEN 1 WHEN LOWER(regexp_replace(tx13, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g')) IN ('false', 'no', 'n') THEN 0 WHEN tx13 IS NOT NULL THEN CASE WHEN regexp_matches(regexp_replace(tx13, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)\z') THEN CASE WHEN regexp_matches(regexp_replace(tx13, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^-') THEN -1 ELSE 1 END * TRY_CAST(CONCAT('0', regexp_replace(regexp_replace(tx13, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), CASE WHEN regexp_matches(regexp_replace(regexp_replace(tx13, '^[\x{20}\x{A0}]+|[\x{20}\x{A0}]+\z', '', 'g'), '^[+-]', '', 'g'), '[.]') THEN '0' ELSE '' END) AS DOUBLE) END END AS g13
  FROM m13_5
),
m13 AS (SELECT f13 AS key13, c13_num, c13_text, v13, g13 FROM m13_read),
cells AS (SELECT * FROM src),
readings AS (SELECT r.*, m3.c3_num, m3.c3_text, m3.v3, m3.g3, m4.c4_num, m4.c4_text, m4.v4, m4.g4, m5.c5_num, m5.c5_text, m5.v5, m5.g5, m6.c6_num, m6.c6_text, m6.v6, m6.g6, m8.c8_num, m8.c8_text, m8.v8, m8.g8, m9.c9_num, m9.c9_text, m9.v9, m9.g9, m10.c10_num, m10.c10_text, m10.v10, m10.g10, m11.c11_num, m11.c11_text, m11.v11, m11.g11, m12.c12_num, m12.c12_text, m12.v12, m12.g12, m13.c13_num, m13.c13_text, m13.v13, m13.g13, pm.per FROM cells r LEFT JOIN m3 ON r.f3 IS NOT DISTINCT FROM m3.key3 LEFT JOIN m4 ON r.f4 IS NOT DISTINCT FROM m4.key4 LEFT JOIN m5 ON r.f5 IS NOT DISTINCT FROM m5.key5 LEFT JOIN m6 ON r.f6 IS NOT DISTINCT FROM m6.key6 LEFT JOIN m8 ON r.f8 IS NOT DISTINCT FROM m8.key8 LEFT JOIN m9 ON r.f9 IS NOT DISTINCT FROM m9.key9 LEFT JOIN m10 ON r.f10 IS NOT DISTINCT FROM m10.key10 LEFT JOIN m11 ON r.f11 IS NOT DISTINCT FROM m11.key11 LEFT JOIN m12 ON r.f12 IS NOT DISTINCT FROM m12.key12 LEFT JOIN m13 ON r.f13 IS NOT DISTINCT FROM m13.key13 LEFT JOIN pmap pm ON r.f1 IS NOT DISTINCT FROM pm.pkey)
SELECT seg, per, COUNT(*) AS row_count,
  COUNT(v5) AS s0_0,
  SUM(CASE WHEN (v5 >= 1 AND v5 <= 7 AND v5 = FLOOR(v5)) THEN v5 ELSE 0 END) AS s0_1,
  SUM(CASE WHEN (v5 >= 1 AND v5 <= 7 AND v5 = FLOOR(v5)) THEN v5 * v5 ELSE 0 END) AS s0_2,
  SUM(CASE WHEN (v5 >= 1 AND v5 <= 7 AND v5 = FLOOR(v5)) THEN v5 * v5 * v5 ELSE 0 END) AS s0_3,
  SUM(CASE WHEN v5 IS NOT NULL AND NOT (v5 >= 1 AND v5 <= 7 AND v5 = FLOOR(v5)) THEN 1 ELSE 0 END) AS s0_4,
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
  SUM(POWER(v8, 3)) AS s4_3,
  0 AS s4_rejected,
  0 AS s4_shift,
  SUM(CASE WHEN v9 IS NOT NULL OR v10 IS NOT NULL OR v11 IS NOT NULL OR v12 IS NOT NULL OR v13 IS NOT NULL THEN 1 ELSE 0 END) AS s5_0,
  COUNT(v9) AS s5_1,
  SUM(CASE WHEN v9 >= 4 AND v9 <= 5 THEN 1 ELSE 0 END) AS s5_2,
  SUM(CASE WHEN v9 >= 1 AND v9 <= 2 THEN 1 ELSE 0 END) AS s5_3,
  COUNT(v10) AS s5_4,
  SUM(CASE WHEN v10 >= 4 AND v10 <= 5 THEN 1 ELSE 0 END) AS s5_5,
  SUM(CASE WHEN v10 >= 1 AND v10 <= 2 THEN 1 ELSE 0 END) AS s5_6,
  COUNT(v11) AS s5_7,
  SUM(CASE WHEN v11 >= 4 AND v11 <= 5 THEN 1 ELSE 0 END) AS s5_8,
  SUM(CASE WHEN v11 >= 1 AND v11 <= 2 THEN 1 ELSE 0 END) AS s5_9,
  COUNT(v12) AS s5_10,
  SUM(CASE WHEN v12 >= 4 AND v12 <= 5 THEN 1 ELSE 0 END) AS s5_11,
  SUM(CASE WHEN v12 >= 1 AND v12 <= 2 THEN 1 ELSE 0 END) AS s5_12,
  COUNT(v13) AS s5_13,
  SUM(CASE WHEN v13 >= 4 AND v13 <= 5 THEN 1 ELSE 0 END) AS s5_14,
  SUM(CASE WHEN v13 >= 1 AND v13 <= 2 THEN 1 ELSE 0 END) AS s5_15,
  SUM(CASE WHEN v9 IS NOT NULL AND NOT (v9 >= 1 AND v9 <= 5 AND v9 = FLOOR(v9)) THEN 1 ELSE 0 END + CASE WHEN v10 IS NOT NULL AND NOT (v10 >= 1 AND v10 <= 5 AND v10 = FLOOR(v10)) THEN 1 ELSE 0 END + CASE WHEN v11 IS NOT NULL AND NOT (v11 >= 1 AND v11 <= 5 AND v11 = FLOOR(v11)) THEN 1 ELSE 0 END + CASE WHEN v12 IS NOT NULL AND NOT (v12 >= 1 AND v12 <= 5 AND v12 = FLOOR(v12)) THEN 1 ELSE 0 END + CASE WHEN v13 IS NOT NULL AND NOT (v13 >= 1 AND v13 <= 5 AND v13 = FLOOR(v13)) THEN 1 ELSE 0 END) AS s5_16,
  SUM(CASE WHEN (CASE WHEN v9 IS NOT NULL AND NOT (v9 >= 1 AND v9 <= 5 AND v9 = FLOOR(v9)) THEN 1 ELSE 0 END + CASE WHEN v10 IS NOT NULL AND NOT (v10 >= 1 AND v10 <= 5 AND v10 = FLOOR(v10)) THEN 1 ELSE 0 END + CASE WHEN v11 IS NOT NULL AND NOT (v11 >= 1 AND v11 <= 5 AND v11 = FLOOR(v11)) THEN 1 ELSE 0 END + CASE WHEN v12 IS NOT NULL AND NOT (v12 >= 1 AND v12 <= 5 AND v12 = FLOOR(v12)) THEN 1 ELSE 0 END + CASE WHEN v13 IS NOT NULL AND NOT (v13 >= 1 AND v13 <= 5 AND v13 = FLOOR(v13)) THEN 1 ELSE 0 END) > 0 THEN 1 ELSE 0 END) AS s5_rejected
FROM readings
GROUP BY seg, per;
