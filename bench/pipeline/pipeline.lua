-- The list pipeline with plain loops; each stage builds a new table, as
-- Scenario's map/filter build new lists.
local n = 1000000
local halves = {}
for i = 0, n - 1 do halves[i + 1] = i * 0.5 end
local squares = {}
for i = 1, #halves do local x = halves[i]; squares[i] = x * x end
local big, k = {}, 0
for i = 1, #squares do
  local x = squares[i]
  if x > 1000 then k = k + 1; big[k] = x end
end
local total = 0.0
for i = 1, k do total = total + big[i] end
print(string.format("%.6g", total))
