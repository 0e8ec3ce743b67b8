# The list pipeline in plain CPython: one list comprehension per stage.
halves = [x * 0.5 for x in range(1_000_000)]
squares = [x * x for x in halves]
big = [x for x in squares if x > 1000]
print(f"{sum(big):.6g}")
