-- The fields scripts read from an encoded task (the compact JSON of src/taskEncoding.ts), with
-- the defaults that encoding leaves out: those of the entry's format (`v`, absent 0), from the
-- one table in src/taskFormats.ts.
--@include taskDefaults
local function taskFormat(task) return task.v or 0 end
-- Whether this release reads the entry: a newer format's defaults may differ from any it knows.
local function taskFormatKnown(task) return TASK_DEFAULTS[taskFormat(task)] ~= nil end
-- An unknown format reads as the newest known, never an error (a script is not rolled back): a
-- script that starts work on a task checks taskFormatKnown first.
local function taskDefaults(task) return TASK_DEFAULTS[taskFormat(task)] or TASK_DEFAULTS[TASK_FORMAT] end
local function taskChannel(task) return task.c or 0 end
local function taskPriority(task) return task.p or taskDefaults(task).p end
local function taskBumpAt(task) return task.d end
local function taskStreamKey(task) return task.s end
local function taskExpiresAt(task) return task.x end
local function taskMaxAttempts(task) return task.a or taskDefaults(task).a end
local function taskTimeoutMs(task) return task.t or taskDefaults(task).t end
