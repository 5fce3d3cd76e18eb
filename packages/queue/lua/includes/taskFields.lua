-- The fields scripts read from an encoded task (the compact JSON of src/taskEncoding.ts), with
-- the defaults that encoding leaves out. Mirrors `taskDefaults` there.
local function taskChannel(task) return task.c or 0 end
local function taskPriority(task) return task.p or 1 end
local function taskBumpAt(task) return task.d end
local function taskStreamKey(task) return task.s end
local function taskExpiresAt(task) return task.x end
local function taskMaxAttempts(task) return task.a or 5 end
local function taskTimeoutMs(task) return task.t or 30000 end
