// Generated from openapi/scheduler.yaml by `npm run generate`. Do not edit.

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["healthz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/internal/v1/admin/rebuild": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * @description Queues in Redis every unfinished task Postgres knows and Redis does not hold (waiting
         *     tasks due beyond the horizon are left to the horizon queuer). Schedulers
         *     do this by themselves when they find Redis new, wiped or replaced; this runs it on demand.
         *     Safe at any time: tasks Redis holds are skipped, finished ones never touched.
         */
        post: operations["rebuildRedis"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/internal/v1/owners/{ownerId}/destinations/disabled": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        /** @description The owner's disabled webhook URLs; the frontend forwards `GET /v1/destinations/disabled` here. */
        get: operations["listDisabledDestinations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/internal/v1/owners/{ownerId}/destinations/enable": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Enables a disabled webhook URL of the owner again. */
        post: operations["enableDestination"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/internal/v1/owners/{ownerId}/events": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        /**
         * @description The owner's task events after `after`, oldest first (a long poll): answers at once when
         *     there are some, else waits up to `waitMs` for the first ones. Without `after`, answers at
         *     once with no events and the `cursor` of the present. The frontend turns this into
         *     `GET /v1/events`.
         */
        get: operations["readEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/internal/v1/owners/{ownerId}/reports/errors": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        /** @description The owner's recent failures, grouped; the frontend forwards `GET /v1/reports/errors` here. */
        get: operations["errorReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/internal/v1/owners/{ownerId}/schedules": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        get: operations["listSchedules"];
        put?: never;
        post: operations["upsertSchedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/internal/v1/owners/{ownerId}/schedules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["ScheduleId"];
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        get: operations["getSchedule"];
        /** @description Replaces the schedule's rule and task; it keeps its key, and its state without `paused`. */
        put: operations["replaceSchedule"];
        post?: never;
        /** @description Ends the schedule; its pending occurrence is cancelled. Past occurrences stay. */
        delete: operations["deleteSchedule"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/internal/v1/owners/{ownerId}/schedules/{id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["ScheduleId"];
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description No occurrence runs until resumed; the pending one is cancelled. */
        post: operations["pauseSchedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/internal/v1/owners/{ownerId}/schedules/{id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["ScheduleId"];
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Runs resume from the next run time after now; times passed while paused are not run. */
        post: operations["resumeSchedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/internal/v1/owners/{ownerId}/signing-keys": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        /** @description Your webhook signing secrets. */
        get: operations["listSigningKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/internal/v1/owners/{ownerId}/signing-keys/promote": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Makes the next key the only one. */
        post: operations["promoteSigningKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/internal/v1/owners/{ownerId}/signing-keys/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Adds a next key; deliveries are signed with both until you promote it. */
        post: operations["rotateSigningKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/internal/v1/owners/{ownerId}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        /** @description The owner's tasks by due time, due lag, throughput and failures; how many replicas are alive (from their heartbeats). */
        get: operations["getStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/internal/v1/owners/{ownerId}/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        get: operations["listTasks"];
        put?: never;
        post: operations["createTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/internal/v1/owners/{ownerId}/tasks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["TaskId"];
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        get: operations["getTask"];
        put?: never;
        post?: never;
        delete: operations["cancelTask"];
        options?: never;
        head?: never;
        patch: operations["updateTask"];
        trace?: never;
    };
    "/internal/v1/owners/{ownerId}/tasks/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["TaskId"];
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Runs a delivered or dead task again, as its next attempt; its history is kept. */
        post: operations["replayTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/internal/v1/owners/{ownerId}/tasks/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Accepts up to 1000 tasks in one call, all or none. */
        post: operations["createTasks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/internal/v1/owners/{ownerId}/tasks/replay": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Replays the owner's matching dead (or delivered) tasks, newest first, each as replayTask does. */
        post: operations["replayTasks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/internal/v1/schedules/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description The next run times of a cron or every rule, by the same code that runs schedules; creates nothing. */
        post: operations["previewSchedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["readyz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description One attempt, with the time of each stage, so how late it ran shows stage by stage: `claimedAt - dueAt` is the scheduler's lag, `startedAt - claimedAt` the wait for a free sender slot (or for its stream), `finishedAt - startedAt` the delivery itself. */
        Attempt: {
            /**
             * Format: date-time
             * @description When a scheduler's claim made it ready for a sender (for a task of a busy stream, once its stream was free). Null for attempts recorded before Later kept it.
             * @example 2026-12-04T09:00:00.002Z
             */
            claimedAt: string | null;
            /**
             * Format: date-time
             * @description When this attempt was due (a retry has its own due time). Null for attempts recorded before Later kept it.
             * @example 2026-12-04T09:00:00.000Z
             */
            dueAt: string | null;
            error?: string;
            /** Format: date-time */
            finishedAt: string | null;
            httpStatus?: number;
            /** @description Attempt number; also the fencing token of its claim. */
            n: number;
            outcome: components["schemas"]["AttemptOutcome"];
            request?: components["schemas"]["AttemptRequestExcerpt"];
            response?: components["schemas"]["AttemptResponseExcerpt"];
            /**
             * Format: date-time
             * @description When a sender took it under a lease.
             */
            startedAt: string;
        };
        /**
         * @description `running` has not finished; `success` was delivered; `retryable` failed in a way worth
         *     retrying (network error, timeout, 408, 429, 5xx); `permanent` failed for good (other 4xx);
         *     `lost` was never reported because its sender died (its lease expired); `skipped` was
         *     not delivered because it came too late for its schedule's catch-up policy `skip`.
         * @enum {string}
         */
        AttemptOutcome: "running" | "success" | "retryable" | "permanent" | "lost" | "skipped";
        /**
         * @description What the attempt sent, as the sender recorded it; absent for attempts no sender reported
         *     (`lost`, `skipped`) and for those recorded before Later kept it. A webhook's (and an SMS
         *     provider's) request is the last hop's, after any redirect. Header names are kept; the values
         *     of secret-bearing headers (`Authorization`, `Proxy-Authorization`, `Cookie`, the signature
         *     headers, and any whose name contains `token`, `secret`, `key`, `password` or `signature`)
         *     read `[redacted]`, as do such query parameters and a password in the URL. Kept with the
         *     attempt until the task is purged (see the operations guide).
         */
        AttemptRequestExcerpt: {
            body?: components["schemas"]["BodyExcerpt"];
            /** @description The sender address or number. */
            from?: string;
            /**
             * @example {
             *       "authorization": "[redacted]",
             *       "content-type": "application/json"
             *     }
             */
            headers?: {
                [key: string]: string;
            };
            /** @example POST */
            method?: string;
            /** @description The email's subject. */
            subject?: string;
            /** @description The email's or SMS's recipient. */
            to?: string;
            /** @example https://example.com/hooks/reminder?token=[redacted] */
            url?: string;
        };
        /**
         * @description What came back: an HTTP answer's status, headers (`Set-Cookie` and secret-named ones
         *     redacted) and body start, or an SMTP server's reply. Absent when nothing answered (a
         *     network failure or a timeout).
         */
        AttemptResponseExcerpt: {
            body?: components["schemas"]["BodyExcerpt"];
            headers?: {
                [key: string]: string;
            };
            /**
             * @description The SMTP server's reply to the message.
             * @example 250 2.0.0 Ok: queued as 4F2B1
             */
            reply?: string;
            /** @example 200 */
            status?: number;
        };
        /** @description The start of a body, at most 4 KiB (4096 bytes) of it, as UTF-8 text. */
        BodyExcerpt: {
            /** @description The whole body's size in bytes, when known (a response is read up to 64 KiB; past that, its Content-Length if it gave one). */
            bytes?: number;
            text: string;
            /** @description True when `text` is not the whole body. */
            truncated: boolean;
        };
        BulkCreateRequest: components["schemas"]["TaskBatchRequest"];
        BulkCreateResponse: components["schemas"]["TaskBatch"];
        /**
         * @description Once the task is delivered or dead (not when cancelled), Later POSTs a `CallbackPayload`
         *     to `url`, signed like every delivery (`webhook-signature`; check it with
         *     `@later/webhook-verify` or a Standard Webhooks library), under the same egress rules, retried like a webhook task. The
         *     callback is itself a task of yours (its `callbackFor` names this one), sent once per final
         *     outcome; a replayed task that ends again is reported again.
         */
        Callback: {
            /**
             * Format: uri
             * @example https://example.com/hooks/later-outcome
             */
            url: string;
        };
        /**
         * @description What happens to runs whose time passed while Later could not run them (downtime): `fireOnce`
         *     delivers one of them, then carries on; `skip` delivers none of them; `backfill` delivers
         *     each of them, oldest first, at most `backfillLimit`. A run less than a minute late is not
         *     missed, it is just late.
         * @default fireOnce
         * @example fireOnce
         * @enum {string}
         */
        CatchUp: "fireOnce" | "skip" | "backfill";
        /**
         * @description How the task is delivered; the object of the same name says where.
         * @example webhook
         * @enum {string}
         */
        Channel: "webhook" | "email" | "sms";
        /**
         * @description A recurring task: exactly one of `cron` and `every`. Registering again with the same `key`
         *     updates that schedule (never a second one).
         */
        CreateScheduleRequest: {
            /**
             * @description With `catchUp` `backfill`, the most missed runs delivered (the newest ones).
             * @default 10
             * @example 3
             */
            backfillLimit?: number;
            catchUp?: components["schemas"]["CatchUp"];
            /**
             * @description 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), read in
             *     `timezone`. Each matching local time runs once: a local time that does not exist (DST
             *     gap) runs once, moved forward by the gap; one that occurs twice runs at its first occurrence.
             *     No two runs may be closer than the shortest interval (`MIN_SCHEDULE_INTERVAL_MS`, one
             *     minute by default): else a 400 naming `cron`.
             * @example 0 8 * * 1-5
             */
            cron?: string;
            /**
             * Format: date-time
             * @description No run after this instant.
             * @example 2027-06-30T00:00:00Z
             */
            endAt?: string;
            /**
             * @description An ISO-8601 duration of at least the shortest interval (`MIN_SCHEDULE_INTERVAL_MS`, one minute by default; else a 400 naming `every`) and at most 5 years, counted from `startAt`; days and longer are calendar units in `timezone`.
             * @example PT15M
             */
            every?: string;
            /** @example weekday-standup */
            key?: string;
            /**
             * @description Stop after this many runs.
             * @example 100
             */
            maxRuns?: number;
            /**
             * @description Create (or update) the schedule paused.
             * @default false
             * @example false
             */
            paused?: boolean;
            /**
             * Format: date-time
             * @description No run before this instant (default now); `every` counts from it. The first run must be at most 5 years from now.
             * @example 2026-12-01T00:00:00Z
             */
            startAt?: string;
            task: components["schemas"]["TaskTemplate"];
            timezone?: components["schemas"]["TimeZone"];
        };
        /** @description When to deliver: at most one of `runAt`, `delay` and `within`; none means now. */
        CreateTaskRequest: {
            callback?: components["schemas"]["Callback"];
            channel: components["schemas"]["Channel"];
            /**
             * Format: date-time
             * @description When the task is due and its deadline is within the margin (or past), it runs at high priority.
             * @example 2026-11-27T10:00:00Z
             */
            deadline?: string;
            debounce?: components["schemas"]["Debounce"];
            delay?: components["schemas"]["Delay"];
            email?: components["schemas"]["EmailMessage"];
            /**
             * @description At most one pending task per key: creating one with the key of a task that has not
             *     started replaces it. A task already running is not touched, and the new one still runs.
             * @example sync-customer-42
             */
            key?: string;
            /**
             * @description A task Later creates for you, once, when this one goes dead (e.g. an SMS when an email
             *     died); validated with this request. One level: a follow-up cannot carry `onDead` or
             *     `onDelivered` itself (a 400 names `onDead.onDead`), nor a `key`.
             */
            onDead?: components["schemas"]["CreateTaskRequest"];
            /** @description A task Later creates for you, once, when this one is delivered; as `onDead`. */
            onDelivered?: components["schemas"]["CreateTaskRequest"];
            position?: components["schemas"]["Position"];
            priority?: components["schemas"]["Priority"];
            quietHours?: components["schemas"]["TaskQuietHours"];
            retry?: components["schemas"]["RetryPolicy"];
            /**
             * @description ISO-8601 instant with an offset or `Z`; or, with `timezone`, a local date-time without
             *     offset. A local time that does not exist (DST gap) is moved forward by the gap; one
             *     that occurs twice is its first occurrence.
             * @example 2026-11-27T09:00:00+01:00
             */
            runAt?: string;
            sms?: components["schemas"]["SmsMessage"];
            stream?: components["schemas"]["StreamName"];
            /** @description Longest wait for the receiver's answer, 100 ms to 10 min (default 30 s); a 400 names `timeout` outside that. */
            timeout?: components["schemas"]["Delay"];
            timezone?: components["schemas"]["TimeZone"];
            webhook?: components["schemas"]["WebhookTarget"];
            within?: components["schemas"]["Window"];
        };
        /**
         * @description Trailing debounce, with `key` (and without `runAt`, `delay` or `within`): the task is due
         *     `period` after it was created, and a newer task with the key replaces it while it waits
         *     (newest body wins), due `period` after its own creation, but never later than `maxWait`
         *     after the first task of that run of replacements was created.
         * @example {
         *       "period": "PT30S",
         *       "maxWait": "PT5M"
         *     }
         */
        Debounce: {
            /** @description Without it, replacements may postpone the task indefinitely; shorter than `period`, every task of a run is due `maxWait` after the run began. */
            maxWait?: components["schemas"]["Delay"];
            period: components["schemas"]["Delay"];
        };
        /** @description An ISO-8601 duration (`PT2H`, `P3D`) or a number of milliseconds. */
        Delay: string | number;
        /**
         * @description A webhook URL of the caller was disabled (every attempt to it failed for the deployment's
         *     `DESTINATION_DISABLE_AFTER_MS`) or enabled again, as `GET /v1/events` streams it (the
         *     `data:` of an `event: destination` message, whose `id:` is this `id`; ids and order are
         *     those of task events).
         */
        DestinationEvent: {
            /** Format: date-time */
            at: string;
            /** @description On `destination.disabled`, the last attempt's error. */
            error?: string;
            /**
             * @description Opaque and unique, like a task event's id, and resumed from the same way.
             * @example 88213-4411
             */
            id: string;
            /** @enum {string} */
            type: "destination.disabled" | "destination.enabled";
            /** @example https://hooks.example.com/later */
            url: string;
        };
        /** @description A webhook URL of the caller whose tasks wait, untried, until it is enabled again. */
        DisabledDestination: {
            /** Format: date-time */
            disabledAt: string;
            /**
             * Format: date-time
             * @description The first failed attempt after the last success.
             */
            failingSince: string;
            /** @example HTTP 503: upstream busy */
            lastError?: string;
            /** @example https://hooks.example.com/later */
            url: string;
        };
        DisabledDestinationList: {
            destinations: components["schemas"]["DisabledDestination"][];
        };
        EffectiveRetryPolicy: {
            /** @enum {string} */
            backoff: "fixed" | "exponential";
            baseDelayMs: number;
            jitter: number;
            maxAttempts: number;
            maxDelayMs: number;
        };
        EmailMessage: {
            /**
             * @description Optional HTML part; `text` is always sent too.
             * @example <p>The machine finished <b>an hour ago</b>.</p>
             */
            html?: string;
            /**
             * @description One line (no CR or LF).
             * @example Take the laundry out
             */
            subject: string;
            /** @example The machine finished an hour ago. */
            text: string;
            /**
             * Format: email
             * @example ada@example.com
             */
            to: string;
        };
        EnableDestinationRequest: {
            /**
             * @description The disabled webhook URL, exactly as listed.
             * @example https://hooks.example.com/later
             */
            url: string;
        };
        /** @description The one error shape of every Later API. */
        Error: {
            /** @example webhook.url must be an http or https URL */
            error: string;
            issues: components["schemas"]["ErrorIssue"][];
        };
        ErrorIssue: {
            /** @example must be an http or https URL */
            message: string;
            /**
             * @description Dotted path of the offending field, e.g. `webhook.url`.
             * @example webhook.url
             */
            path: string;
        };
        /**
         * @description Failed attempts (`retryable`, `permanent`, `lost`) since `since`, grouped by channel,
         *     destination and kind of failure, the most recently seen group first (at most 1000 groups).
         */
        ErrorReport: {
            /**
             * @description Your disabled destinations, as `GET /v1/destinations/disabled` lists them; enable one
             *     again with `POST /v1/destinations/enable`.
             */
            disabledDestinations: components["schemas"]["DisabledDestination"][];
            groups: components["schemas"]["FailureGroup"][];
            /** Format: date-time */
            since: string;
        };
        FailureGroup: {
            channel: components["schemas"]["Channel"];
            count: number;
            /**
             * @description The kind of failure: `http_3xx`, `http_4xx`, `http_5xx`, `smtp_4xx`, `smtp_5xx`,
             *     `timeout`, `connection_refused`, `connection_reset`, `dns`, `unreachable`, `tls`,
             *     `egress_refused`, `invalid_request`, `not_configured`, `interrupted`, `internal`,
             *     `network`; `lease_expired` and `redis_lost` for `lost` attempts.
             * @example http_5xx
             */
            errorClass: string;
            /** Format: date-time */
            firstSeen: string;
            /** Format: date-time */
            lastSeen: string;
            /**
             * @description The newest error message of the group.
             * @example HTTP 503: upstream busy
             */
            sampleError?: string;
            /**
             * @description The webhook's host (with a port other than the default), the email's domain, or `sms`.
             * @example hooks.example.com
             */
            targetHost: string;
        };
        FollowUpCreated: {
            /** @description The attempt that ended this task (a replayed task that ends again makes another). */
            attempt: number;
            /** Format: date-time */
            createdAt: string;
            /**
             * @description Which end of this task created it.
             * @enum {string}
             */
            on: "dead" | "delivered";
            /** @description The follow-up task. */
            taskId: string;
        };
        Health: {
            checks?: {
                [key: string]: string;
            };
            service: string;
            status: string;
        };
        /**
         * @description `front` runs before every task already waiting at the same priority.
         * @default back
         * @example front
         * @enum {string}
         */
        Position: "front" | "back";
        /**
         * @description Ready tasks are handed to senders high first, then medium, then low. Each failed attempt
         *     lowers the priority of the retry by one level (never below low); a near deadline raises
         *     the task to high.
         * @default medium
         * @example high
         * @enum {string}
         */
        Priority: "high" | "medium" | "low";
        RebuildResult: {
            /** @description Waiting tasks due beyond the horizon, left in Postgres for the horizon queuer. */
            deferred: number;
            /** @description Of those, tasks that were running; their attempt is recorded as lost and retried. */
            lost: number;
            /** @description Tasks Redis did not hold, queued again. */
            queued: number;
        };
        ReplayedTasks: {
            /**
             * @description Whether tasks matching the filters were left for another call. A replay that ends in
             *     the same state matches again: a loop on `more` can take it up again.
             */
            more: boolean;
            /** @description The tasks replayed, newest first (by id), each scheduled to run now. */
            replayed: components["schemas"]["TaskCreated"][];
        };
        /** @description Which of the caller's tasks to replay: the filters mean what they mean in `GET /v1/tasks`. */
        ReplayTasksRequest: {
            channel?: components["schemas"]["Channel"];
            /**
             * @description Only tasks with this key.
             * @example sync-customer-42
             */
            key?: string;
            /**
             * @description At most this many tasks are replayed, the newest first.
             * @default 100
             * @example 100
             */
            limit?: number;
            /**
             * @description Replay the tasks in this final state (default `dead`).
             * @default dead
             * @example dead
             * @enum {string}
             */
            status?: "dead" | "delivered";
            /**
             * @description Only tasks of this stream.
             * @example customer-42
             */
            stream?: string;
        };
        /**
         * @description How failed deliveries are retried. Every field is optional.
         * @example {
         *       "maxAttempts": 8,
         *       "backoff": "exponential",
         *       "baseDelay": "PT5S",
         *       "maxDelay": "PT1H",
         *       "jitter": 0.2
         *     }
         */
        RetryPolicy: {
            /**
             * @description `fixed` waits `baseDelay` each time; `exponential` doubles it after each failure.
             * @default exponential
             * @example exponential
             * @enum {string}
             */
            backoff?: "fixed" | "exponential";
            /** @description The first retry's delay, 1 ms to 7 days. */
            baseDelay?: components["schemas"]["Delay"];
            /**
             * @description Share of each delay drawn at random (0 = exact).
             * @default 0.5
             * @example 0.2
             */
            jitter?: number;
            /**
             * @description Attempts in all, the first included; after the last the task is `dead`.
             * @default 5
             * @example 8
             */
            maxAttempts?: number;
            /** @description The longest delay, 1 ms to 7 days and not shorter than `baseDelay`. */
            maxDelay?: components["schemas"]["Delay"];
        };
        Schedule: {
            backfillLimit: number;
            catchUp: components["schemas"]["CatchUp"];
            /** Format: date-time */
            createdAt: string;
            cron?: string;
            /** Format: date-time */
            endAt?: string;
            every?: string;
            id: string;
            key?: string;
            maxRuns?: number;
            /**
             * Format: date-time
             * @description When the pending occurrence is due.
             */
            nextRunAt: string | null;
            /** @description The next five run times (fewer when `endAt` or `maxRuns` stops it first). */
            nextRuns: string[];
            /** @description The task of the pending occurrence. */
            pendingTaskId?: string;
            /** @description Occurrences created so far. */
            runs: number;
            /** Format: date-time */
            startAt?: string;
            /** @enum {string} */
            status: "active" | "paused" | "ended";
            task: components["schemas"]["TaskTemplate"];
            timezone: string;
            /** Format: date-time */
            updatedAt: string;
        };
        ScheduleList: {
            nextCursor: string | null;
            schedules: components["schemas"]["Schedule"][];
        };
        SchedulePreview: {
            /** @description The next run times after now (fewer when `endAt` stops the rule first), as instants. */
            runs: string[];
            /** @description The time zone the rule is read in. */
            timezone: string;
        };
        /** @description A recurrence rule as in CreateScheduleRequest (exactly one of `cron` and `every`); nothing is created. */
        SchedulePreviewRequest: {
            /**
             * @description How many run times to show.
             * @default 5
             * @example 10
             */
            count?: number;
            /** @example 0 8 * * 1-5 */
            cron?: string;
            /**
             * Format: date-time
             * @example 2027-06-30T00:00:00Z
             */
            endAt?: string;
            /** @example PT15M */
            every?: string;
            /**
             * Format: date-time
             * @example 2026-12-01T00:00:00Z
             */
            startAt?: string;
            timezone?: components["schemas"]["TimeZone"];
        };
        /**
         * @description The secrets that sign your webhooks (`webhook-signature`, per Standard Webhooks). While a
         *     rotation is under way there are two, and each delivery carries one signature per key.
         */
        SigningKeys: {
            keys: {
                /**
                 * @description `whsec_` and the key bytes in base64, as Standard Webhooks libraries take it.
                 * @example whsec_9xQ...
                 */
                secret: string;
                /** @enum {string} */
                status: "current" | "next";
                version: number;
            }[];
        };
        SmsMessage: {
            /** @example Take the laundry out. */
            body: string;
            /**
             * @description An E.164 phone number.
             * @example +4915112345678
             */
            to: string;
        };
        /** @description The caller's tasks at a glance, and how many replicas serve them. */
        Stats: {
            /**
             * Format: date-time
             * @description When these figures were taken.
             */
            at: string;
            /** @description For attempts started in the last hour, how long after their due time they started (ms). */
            dueLag: {
                max: number | null;
                p50: number | null;
                p95: number | null;
                p99: number | null;
                samples: number;
            };
            /** @description Failed attempts of the last 24 hours by destination (webhook host, email domain, or sms), at most 10, most first. */
            failingHosts: {
                count: number;
                host: string;
            }[];
            /** @description Failed attempts of the last 24 hours by kind of failure, most first. */
            failures: {
                count: number;
                /** @example http_5xx */
                errorClass: string;
            }[];
            /**
             * @description How many scheduler and sender processes sent a heartbeat recently. Counts only: the
             *     replicas' host names and process ids are for operators, not for every user.
             */
            replicas: {
                schedulers: number;
                senders: number;
            };
            /** @description Tasks waiting to run (scheduled or retrying) by when they are due; each bucket excludes the earlier ones. */
            scheduled: {
                later: number;
                /** @description Due in more than an hour and at most a day. */
                nextDay: number;
                nextHour: number;
                /** @description Due in more than a day and at most a week. */
                nextWeek: number;
                /** @description Due already, not yet started. */
                overdue: number;
            };
            /** @description Attempts finished in each of the last 60 minutes, oldest first. */
            throughput: {
                delivered: number;
                /** @description Attempts that ended in any other way (retryable, permanent, lost). */
                failed: number;
                /**
                 * Format: date-time
                 * @description Start of the minute.
                 */
                minute: string;
            }[];
        };
        /**
         * @description Tasks of one stream run one at a time, in due order; other streams run alongside.
         * @example customer-42
         */
        StreamName: string;
        Task: components["schemas"]["TaskSummary"] & {
            attempts: components["schemas"]["Attempt"][];
            callback?: components["schemas"]["Callback"];
            /** Format: date-time */
            deadline?: string;
            /** @description On a debounced task, when the first task of its run of replacements was created (what `maxWait` counts from). */
            debounce?: {
                /** Format: date-time */
                since: string;
            };
            email?: components["schemas"]["EmailMessage"];
            /** @description The follow-ups this task's ends created ("follow-up created"), oldest first. */
            followUps?: components["schemas"]["FollowUpCreated"][];
            onDead?: components["schemas"]["CreateTaskRequest"];
            onDelivered?: components["schemas"]["CreateTaskRequest"];
            /** @enum {string} */
            position: "front" | "back";
            retry: components["schemas"]["EffectiveRetryPolicy"];
            sms?: components["schemas"]["SmsMessage"];
            timeoutMs: number;
            webhook?: components["schemas"]["WebhookTarget"];
        };
        TaskBatch: {
            /** @description The tasks created, in request order. */
            tasks: components["schemas"]["TaskCreated"][];
        };
        /**
         * @description 1 to 1,000 tasks, each as for a single create. All or none: one invalid task refuses the
         *     whole batch (400, each issue's path names the task by its index, `tasks.37.webhook.url`)
         *     and nothing is created. Two tasks of one batch may not share a `key`.
         */
        TaskBatchRequest: {
            tasks: components["schemas"]["CreateTaskRequest"][];
        };
        TaskCreated: {
            /** Format: date-time */
            dueAt: string;
            /** @example 1042 */
            id: string;
            /**
             * @description With `key`, the pending task this one replaced (now cancelled); this one is the task pending for the key.
             * @example 1041
             */
            replaced?: string;
            status: components["schemas"]["TaskStatus"];
        };
        /**
         * @description One state change of one of the caller's tasks, as `GET /v1/events` streams it (the `data:`
         *     of an `event: task` message, whose `id:` is this `id`). A task's events arrive in the
         *     order its changes happened: `scheduled`, `running`, then `delivered`, `dead` or `retrying`
         *     (then `running` again...), or `cancelled`. A replay starts again with `scheduled`.
         */
        TaskEvent: {
            /**
             * Format: date-time
             * @description When it happened.
             */
            at: string;
            /** @description The attempt this change belongs to; 0 before the first one. */
            attempt: number;
            /** @description With a failed outcome, what went wrong. */
            error?: string;
            /** @description With an outcome, when the receiver answered. */
            httpStatus?: number;
            /**
             * @description Opaque and unique; send it back (`Last-Event-ID`, or `?after=`) to get exactly the
             *     events after this one. Compare ids only for equality: the stream's order is the order.
             * @example 88213-4410
             */
            id: string;
            outcome?: components["schemas"]["AttemptOutcome"];
            /** @description The schedule this task is an occurrence of. */
            scheduleId?: string;
            status: components["schemas"]["TaskStatus"];
            /** @example 1042 */
            taskId: string;
        };
        TaskEventPage: {
            /** @description Pass as `after` to read on (the last event's id, or the present). */
            cursor: string;
            events: (components["schemas"]["TaskEvent"] | components["schemas"]["DestinationEvent"])[];
        };
        TaskList: {
            /** @description Pass as `cursor` to get the next page; null on the last page. */
            nextCursor: string | null;
            tasks: components["schemas"]["TaskSummary"][];
        };
        /** @description With `within`, the random moment is never between these local times (may span midnight). */
        TaskQuietHours: {
            /** @example 08:00 */
            end: string;
            /** @example 22:00 */
            start: string;
            /** @example Europe/Berlin */
            timezone: string;
        };
        /**
         * @description `scheduled` waits for its due time; `running` is being delivered; `retrying` failed and waits
         *     for its next attempt; `delivered`, `dead` (out of attempts or permanent failure) and
         *     `cancelled` are final.
         * @enum {string}
         */
        TaskStatus: "scheduled" | "running" | "retrying" | "delivered" | "dead" | "cancelled";
        TaskSummary: {
            /** @description On a callback, the task whose outcome it reports. */
            callbackFor?: string;
            channel: components["schemas"]["Channel"];
            /** Format: date-time */
            createdAt: string;
            /**
             * @description Where it goes, as a list shows it - the webhook's URL, the email's address or the SMS's phone number.
             * @example https://example.com/hooks/reminder
             */
            destination: string;
            /** Format: date-time */
            dueAt: string;
            /** @description On a follow-up (`onDead`, `onDelivered`), the task whose end created it. */
            followUpOf?: string;
            id: string;
            key?: string;
            priority: components["schemas"]["Priority"];
            /** @description The schedule this task is an occurrence of. */
            scheduleId?: string;
            status: components["schemas"]["TaskStatus"];
            stream?: string;
        };
        /** @description What each occurrence of a schedule delivers, and how. */
        TaskTemplate: {
            callback?: components["schemas"]["Callback"];
            channel: components["schemas"]["Channel"];
            email?: components["schemas"]["EmailMessage"];
            position?: components["schemas"]["Position"];
            priority?: components["schemas"]["Priority"];
            retry?: components["schemas"]["RetryPolicy"];
            sms?: components["schemas"]["SmsMessage"];
            stream?: components["schemas"]["StreamName"];
            /** @description Longest wait for the receiver's answer, 100 ms to 10 min (default 30 s); a 400 names `timeout` outside that. */
            timeout?: components["schemas"]["Delay"];
            webhook?: components["schemas"]["WebhookTarget"];
        };
        /**
         * @description An IANA time zone. With it, `runAt` is a local date-time without offset.
         * @example Europe/Berlin
         */
        TimeZone: string;
        /**
         * @description Changes a task that has not run yet. A new time replaces the old one (at most one of
         *     `runAt`, `delay`, `within`, counted from now).
         */
        UpdateTaskRequest: {
            /**
             * Format: date-time
             * @description A new deadline, or `null` to clear it.
             * @example 2026-11-28T10:00:00Z
             */
            deadline?: string | null;
            delay?: components["schemas"]["Delay"];
            email?: components["schemas"]["EmailMessage"];
            priority?: components["schemas"]["Priority"];
            retry?: components["schemas"]["RetryPolicy"];
            /** @example 2026-11-28T09:00:00+01:00 */
            runAt?: string;
            sms?: components["schemas"]["SmsMessage"];
            /** @description Longest wait for the receiver's answer, 100 ms to 10 min (default 30 s); a 400 names `timeout` outside that. */
            timeout?: components["schemas"]["Delay"];
            timezone?: components["schemas"]["TimeZone"];
            webhook?: components["schemas"]["WebhookTarget"];
            within?: components["schemas"]["Window"];
        };
        /**
         * @description Where and how to deliver. Each delivery also carries `webhook-id`, `webhook-timestamp` and
         *     `webhook-signature` (Standard Webhooks; see the `taskFinished` webhook's parameters). Only
         *     307 and 308 redirects are followed; across origins without your headers or the signature.
         */
        WebhookTarget: {
            /**
             * @description A string is sent as is; any other JSON value is sent as `application/json`.
             * @example {
             *       "text": "take the laundry out"
             *     }
             */
            body?: unknown;
            /**
             * @description Extra request headers (at most 50).
             * @example {
             *       "x-reminder": "laundry"
             *     }
             */
            headers?: {
                [key: string]: string;
            };
            /**
             * @default POST
             * @example POST
             * @enum {string}
             */
            method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
            /**
             * Format: uri
             * @description http or https URL to call.
             * @example https://example.com/hooks/later
             */
            url: string;
        };
        /**
         * @description Deliver at a moment drawn uniformly at random, once, at creation: within this duration
         *     from now (`P3D`), or between `from` (default now) and `to`.
         */
        Window: string | {
            /**
             * Format: date-time
             * @example 2026-11-25T08:00:00Z
             */
            from?: string;
            /**
             * Format: date-time
             * @example 2026-11-28T08:00:00Z
             */
            to: string;
        };
    };
    responses: {
        /** @description Invalid input; `issues` names each offending field. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The task is running or already finished. */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Service health. */
        Health: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Health"];
            };
        };
        /** @description This Idempotency-Key was used with a different request body; nothing was created. */
        IdempotencyMismatch: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description This Idempotency-Key was used before, but a task it created has since been deleted (finished tasks are purged after their retention): send the request again under a new key. */
        KeyOutlivedTasks: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description No such task for this owner. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Missing or invalid credentials. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description A dependency is down; retry after `Retry-After` seconds. */
        Unavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: {
        ChannelFilter: components["schemas"]["Channel"];
        Cursor: string;
        /** @description Start after the event with this id (by default, at the present). */
        EventAfter: string;
        /** @description The same key again within 24 hours returns the task the first request created (200). */
        IdempotencyKey: string;
        /** @description Only tasks with this key. */
        KeyFilter: string;
        Limit: number;
        OwnerId: string;
        /** @description Failures that finished at or after this instant; by default, the last 24 hours. */
        ReportSince: string;
        /** @description Only the runs of this schedule (the tasks it made). */
        ScheduleFilter: string;
        ScheduleId: string;
        /**
         * @description Only tasks whose id, key, stream, destination (webhook URL, email address and subject,
         *     phone number) or body contains this text, ignoring case.
         */
        Search: string;
        StatusFilter: components["schemas"]["TaskStatus"];
        /** @description Only tasks of this stream. */
        StreamFilter: string;
        TaskId: string;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    healthz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Health"];
        };
    };
    rebuildRedis: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What was put back. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RebuildResult"];
                };
            };
            401: components["responses"]["Unauthorized"];
            503: components["responses"]["Unavailable"];
        };
    };
    listDisabledDestinations: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The disabled destinations. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DisabledDestinationList"];
                };
            };
            401: components["responses"]["Unauthorized"];
        };
    };
    enableDestination: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EnableDestinationRequest"];
            };
        };
        responses: {
            /** @description Enabled; the destinations still disabled. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DisabledDestinationList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            /** @description The owner has no disabled destination with this URL. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    readEvents: {
        parameters: {
            query?: {
                /** @description Start after the event with this id (by default, at the present). */
                after?: components["parameters"]["EventAfter"];
                limit?: number;
                waitMs?: number;
            };
            header?: never;
            path: {
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Events, and where to read on. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskEventPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            503: components["responses"]["Unavailable"];
        };
    };
    errorReport: {
        parameters: {
            query?: {
                /** @description Failures that finished at or after this instant; by default, the last 24 hours. */
                since?: components["parameters"]["ReportSince"];
            };
            header?: never;
            path: {
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The report. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorReport"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
        };
    };
    listSchedules: {
        parameters: {
            query?: {
                cursor?: components["parameters"]["Cursor"];
                limit?: components["parameters"]["Limit"];
            };
            header?: never;
            path: {
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller's schedules, newest first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
        };
    };
    upsertSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "key": "weekday-standup",
                 *       "cron": "0 8 * * 1-5",
                 *       "timezone": "Europe/Berlin",
                 *       "task": {
                 *         "channel": "webhook",
                 *         "webhook": {
                 *           "url": "https://example.com/hooks/standup"
                 *         }
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["CreateScheduleRequest"];
            };
        };
        responses: {
            /** @description A schedule with this key existed and was updated. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            503: components["responses"]["Unavailable"];
        };
    };
    getSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["ScheduleId"];
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The schedule and its next five run times. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
        };
    };
    replaceSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["ScheduleId"];
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "cron": "30 8 * * 1-5",
                 *       "timezone": "Europe/Berlin",
                 *       "task": {
                 *         "channel": "webhook",
                 *         "webhook": {
                 *           "url": "https://example.com/hooks/standup"
                 *         }
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["CreateScheduleRequest"];
            };
        };
        responses: {
            /** @description The schedule as it is now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
        };
    };
    deleteSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["ScheduleId"];
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ended. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
        };
    };
    pauseSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["ScheduleId"];
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Paused. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
        };
    };
    resumeSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["ScheduleId"];
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Active again. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
        };
    };
    listSigningKeys: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The signing keys now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SigningKeys"];
                };
            };
            401: components["responses"]["Unauthorized"];
        };
    };
    promoteSigningKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The signing keys now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SigningKeys"];
                };
            };
            401: components["responses"]["Unauthorized"];
            409: components["responses"]["Conflict"];
        };
    };
    rotateSigningKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The signing keys now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SigningKeys"];
                };
            };
            401: components["responses"]["Unauthorized"];
            409: components["responses"]["Conflict"];
        };
    };
    getStats: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The figures now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Stats"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
        };
    };
    listTasks: {
        parameters: {
            query?: {
                channel?: components["parameters"]["ChannelFilter"];
                cursor?: components["parameters"]["Cursor"];
                /** @description Only tasks with this key. */
                key?: components["parameters"]["KeyFilter"];
                limit?: components["parameters"]["Limit"];
                /**
                 * @description Only tasks whose id, key, stream, destination (webhook URL, email address and subject,
                 *     phone number) or body contains this text, ignoring case.
                 */
                q?: components["parameters"]["Search"];
                /** @description Only the runs of this schedule (the tasks it made). */
                scheduleId?: components["parameters"]["ScheduleFilter"];
                status?: components["parameters"]["StatusFilter"];
                /** @description Only tasks of this stream. */
                stream?: components["parameters"]["StreamFilter"];
            };
            header?: never;
            path: {
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The owner's tasks, newest first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
        };
    };
    createTask: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key again within 24 hours returns the task the first request created (200). */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTaskRequest"];
            };
        };
        responses: {
            /** @description A repeat of an earlier request with the same Idempotency-Key; the task it created. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskCreated"];
                };
            };
            /** @description Accepted. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskCreated"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            503: components["responses"]["Unavailable"];
        };
    };
    getTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["TaskId"];
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The task with every attempt. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
        };
    };
    cancelTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["TaskId"];
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Cancelled. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskSummary"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
        };
    };
    updateTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["TaskId"];
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "delay": "PT4H",
                 *       "priority": "high"
                 *     }
                 */
                "application/json": components["schemas"]["UpdateTaskRequest"];
            };
        };
        responses: {
            /** @description Updated. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
        };
    };
    replayTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["TaskId"];
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Scheduled to run now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskCreated"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
        };
    };
    createTasks: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key again within 24 hours returns the task the first request created (200). */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TaskBatchRequest"];
            };
        };
        responses: {
            /** @description A repeat of an earlier batch with the same Idempotency-Key; the tasks it created. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskBatch"];
                };
            };
            /** @description Accepted, in request order. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskBatch"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            409: components["responses"]["KeyOutlivedTasks"];
            422: components["responses"]["IdempotencyMismatch"];
            503: components["responses"]["Unavailable"];
        };
    };
    replayTasks: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ownerId: components["parameters"]["OwnerId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ReplayTasksRequest"];
            };
        };
        responses: {
            /** @description The tasks replayed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReplayedTasks"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
        };
    };
    previewSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SchedulePreviewRequest"];
            };
        };
        responses: {
            /** @description The next run times. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SchedulePreview"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
        };
    };
    readyz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Health"];
            503: components["responses"]["Health"];
        };
    };
}
