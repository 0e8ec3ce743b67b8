-- fib(30), naive recursion: the Lua 5.4 peer of fib.scn.
local function fib(n)
  if n < 2 then return n else return fib(n - 1) + fib(n - 2) end
end
print(fib(30))
