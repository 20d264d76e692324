"""The Lua bootstrap chunk that builds Redis's sandbox inside a fresh Lua state.

It runs once per state with the bridge table (Python callables) as argument and
returns an ``api`` table for runtime.py. Design notes:

* Scripts see ``ENV``: an empty table whose ``__index`` looks names up in ``SG``
  and raises on unknown ones, and whose ``__newindex`` refuses. Stock Lua has no
  read-only tables (Redis patches its Lua for that), so library tables are
  read-only proxies, and ``rawset``/``setmetatable``/``rawget``/``next``/``pairs``
  are replaced by versions that respect the proxies.
* API functions that can fail (``redis.call``, ``bit.band``, ...) are the Python
  callables themselves rather than Lua wrappers: a Lua wrapper would be removed
  from the stack by ``return redis.call(...)`` (a tail call) and the error would
  lose the script's line, whereas a C-level callable keeps the caller's frame as
  Redis's C functions do. They raise a Python exception carrying the Lua error;
  the error handler and ``pcall`` turn it back into a value with ``bridge.unwrap``.
* Chunks compiled at run time (``loadstring``/``load``) get ``ENV`` too, and
  binary chunks are refused (crafted bytecode escapes a Lua 5.1 sandbox).
"""

GLUE = "=redislab"          # chunk name of this glue; error locations skip it

BOOT = r"""
local bridge, kind, every = ...
local type, tostring, error, pcall, xpcall, select, unpack, setmetatable, rawget,
      rawset, next, pairs, ipairs, loadstring, setfenv =
      type, tostring, error, pcall, xpcall, select, unpack, setmetatable, rawget,
      rawset, next, pairs, ipairs, loadstring, setfenv
local getinfo, sethook, dgetmetatable = debug.getinfo, debug.sethook, debug.getmetatable
local getmetatable_real = debug.getmetatable
local cocreate, coresume = coroutine.create, coroutine.resume
local unwrap, isbridge = bridge.unwrap, {}

local READONLY = "Attempt to modify a readonly table"
local realof = setmetatable({}, {__mode = "k"})     -- proxy -> the table it guards

local function guard(real)
  local proxy = {}
  realof[proxy] = real
  for _, v in pairs(real) do
    if type(v) == "userdata" and bridge.callable(v) then isbridge[v] = true end
  end
  return setmetatable(proxy, {__index = real, __metatable = false,
    __newindex = function() error(READONLY, 2) end})
end
local function copy(t) local c = {} for k, v in pairs(t) do c[k] = v end return c end
local function pack(...) return {n = select("#", ...), ...} end

local SG = {}
for _, name in ipairs({"assert", "collectgarbage", "error", "gcinfo",
    "ipairs", "rawequal", "select", "tonumber", "tostring", "unpack", "xpcall", "_VERSION"}) do
  SG[name] = _G[name]
end
local function env_index(_, k)
  local v = SG[k]
  if v == nil then
    error("Script attempted to access nonexistent global variable '" .. tostring(k) .. "'", 2)
  end
  return v
end
local ENV = setmetatable({}, {__metatable = false, __index = env_index,
  __newindex = function() error(READONLY, 2) end})
realof[ENV] = SG
SG._G = ENV
-- what getmetatable shows for guarded tables: _G has one (its __index), libraries none
local metaview = setmetatable({}, {__mode = "k"})

-- a userdata here is a Python object (API function, cjson.null): its metatable is
-- lupa's, shared by every Python object, and must stay out of reach
local rawgetmetatable = getmetatable
SG.getmetatable = function(...)
  local v = ...
  if type(v) == "userdata" then return nil end
  if realof[v] ~= nil then return metaview[v] end
  return rawgetmetatable(...)
end
SG.rawget = function(t, k) return rawget(realof[t] or t, k) end
SG.rawset = bridge.rawset
SG.setmetatable = bridge.setmetatable
isbridge[bridge.rawset], isbridge[bridge.setmetatable] = true, true
SG.next = function(t, k) return next(realof[t] or t, k) end
SG.pairs = function(t)
  local real = realof[t]
  if real then
    -- iterate the guarded table without handing the script the table itself
    return function(_, k) return next(real, k) end, t, nil
  end
  return pairs(t)
end
SG.type = function(...)
  local v = ...
  if isbridge[v] then return "function" end
  return type(...)
end

-- an error value as scripts see it: a Python-raised error becomes its Lua value
local function lua_error_value(e)
  if type(e) == "userdata" then return (unwrap(e)) end
  return e
end

-- pcall hands back the message of a {err=...} error, as Redis's pcall does
SG.pcall = function(...)
  local r = pack(pcall(...))
  if not r[1] then
    local e = lua_error_value(r[2])
    if type(e) == "table" and type(rawget(e, "err")) == "string" then e = rawget(e, "err") end
    r[2] = e
  end
  return unpack(r, 1, r.n)
end

local function safe_load(src, name)
  if type(src) == "string" and src:byte(1) == 27 then
    return nil, "binary chunks are not allowed"
  end
  local f, e = loadstring(src, name)
  if f then setfenv(f, ENV) end
  return f, e
end
SG.loadstring = safe_load
SG.load = function(reader, name)
  if type(reader) ~= "function" then return safe_load(reader, name) end
  local parts = {}
  while true do
    local p = reader()
    if p == nil or p == "" then break end
    if type(p) ~= "string" then return nil, "reader function must return a string" end
    parts[#parts + 1] = p
  end
  return safe_load(table.concat(parts), name or "=(load)")
end

-- busy-script hook: Python measures the time and answers an error once killed
local handling = false
local hook
hook = function()
  if handling then return end
  local e = bridge.tick()
  if e then
    sethook(hook, "", 1)       -- keep failing even if the script pcall()s the error
    error(e)
  end
end
local co = copy(coroutine)
co.create = function(f)
  local c = cocreate(f)
  sethook(c, hook, "", every)     -- hooks are per coroutine
  return c
end
co.wrap = function(f)
  local c = co.create(f)
  return function(...)
    local r = pack(coresume(c, ...))
    if not r[1] then error(lua_error_value(r[2]), 0) end
    return unpack(r, 2, r.n)
  end
end
SG.coroutine = guard(co)

local m = copy(math)
m.random, m.randomseed = bridge.random, bridge.randomseed
metaview[ENV] = guard({__index = env_index})
SG.math = guard(m)
SG.table = guard(copy(table))
local str = guard(copy(string))
SG.string = str
-- getmetatable("") must not lead back to the real string table
dgetmetatable("").__metatable = guard({__index = str})

for libname, fns in pairs(bridge.libs) do SG[libname] = guard(copy(fns)) end

local redis = copy(bridge.redis)
redis.replicate_commands = function() return true end
redis.breakpoint = function() return false end
redis.debug = function() end
SG.redis = guard(redis)

-- where an error happened: the innermost frame of script code
local function handler(e)
  handling = true
  local where = false
  if type(e) == "userdata" then e, where = unwrap(e) end
  local info
  local level = 2
  while true do
    local i = getinfo(level, "Sl")
    if not i then break end
    if i.what ~= "C" and i.source ~= "=redislab" then info = i break end
    level = level + 1
  end
  local out
  if type(e) == "table" then
    local msg = rawget(e, "err")
    out = {err = type(msg) == "string" and msg or "ERR unknown error",
           ignore_error_stats_update = rawget(e, "ignore_error_stats_update")}
  else
    local msg = tostring(e)
    if where and info then msg = info.short_src .. ":" .. info.currentline .. ": " .. msg end
    out = {err = "ERR " .. msg}
  end
  if info then out.source, out.line = info.source, info.currentline end
  return out
end

local api = {}
function api.compile(src, name)
  local f, e = loadstring(src, name)
  if not f then return nil, e end
  setfenv(f, ENV)
  return f, nil
end
local function run(f)
  handling = false
  sethook(hook, "", every)
  local ok, res = xpcall(f, handler)
  sethook()
  handling = false
  return ok, res
end
function api.run(f, keys, args)
  if kind == "function" then
    return run(function() return f(keys, args) end)
  end
  rawset(SG, "KEYS", keys)
  rawset(SG, "ARGV", args)
  return run(f)
end
-- FUNCTION LOAD: a library body runs with only a small load-time API visible;
-- the functions it registers inherit its environment, which shows the full
-- globals once loading is over.
local loading, LOADSG = false, {}
local LENV = setmetatable({}, {__metatable = false,
  __index = function(_, k)
    local v
    if loading then v = LOADSG[k] else v = SG[k] end
    if v == nil then
      error("Script attempted to access nonexistent global variable '" .. tostring(k) .. "'", 2)
    end
    return v
  end,
  __newindex = function() error(READONLY, 2) end})
realof[LENV] = SG
function api.load_library(f, load_redis)
  -- unlike the run-time one, the load-time redis table refuses unknown fields
  local proxy = guard(load_redis)
  getmetatable_real(proxy).__index = function(_, k)
    local v = load_redis[k]
    if v == nil then
      error("Script attempted to access nonexistent global variable '" .. tostring(k) .. "'", 2)
    end
    return v
  end
  LOADSG.redis = proxy
  setfenv(f, LENV)
  loading = true
  local ok, res = run(f)
  loading = false
  return ok, res
end
api.ENV, api.SG, api.guard = ENV, SG, guard
function api.guarded(t) return realof[t] ~= nil end
api.rawset, api.setmetatable, api.isfunction = rawset, setmetatable, function(v)
  return type(v) == "function" end
return api
"""
