// Generated from openapi/public.yaml by `npm run generate`. Do not edit.

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
    "/v1/signup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["signup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
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
    "/v1/tasks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["TaskId"];
            };
            cookie?: never;
        };
        get: operations["getTask"];
        put?: never;
        post?: never;
        delete: operations["cancelTask"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Attempt: {
            error?: string;
            /** Format: date-time */
            finishedAt: string | null;
            httpStatus?: number;
            /** @description Attempt number; also the fencing token of its claim. */
            n: number;
            outcome: components["schemas"]["AttemptOutcome"];
            /** Format: date-time */
            startedAt: string;
        };
        /**
         * @description `running` has not finished; `success` was delivered; `retryable` failed in a way worth
         *     retrying (network error, timeout, 408, 429, 5xx); `permanent` failed for good (other 4xx);
         *     `lost` was never reported because its sender died (its lease expired).
         * @enum {string}
         */
        AttemptOutcome: "running" | "success" | "retryable" | "permanent" | "lost";
        /**
         * @description How the task is delivered.
         * @enum {string}
         */
        Channel: "webhook";
        /**
         * @description When to deliver: `runAt` (an instant with an offset), or `delay` from now, or neither
         *     (deliver now). Giving both is an error.
         */
        CreateTaskRequest: {
            channel: components["schemas"]["Channel"];
            delay?: components["schemas"]["Delay"];
            /**
             * Format: date-time
             * @description ISO-8601 instant with an offset or `Z`.
             * @example 2026-11-27T09:00:00+01:00
             */
            runAt?: string;
            webhook?: components["schemas"]["WebhookTarget"];
        };
        /** @description An ISO-8601 duration (`PT2H`, `P3D`) or a number of milliseconds. */
        Delay: string | number;
        /** @description The one error shape of every Later API. */
        Error: {
            /** @example invalid webhook.url: must be an http or https URL */
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
        Health: {
            checks?: {
                [key: string]: string;
            };
            service: string;
            status: string;
        };
        SignupRequest: {
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
            /** @example correct horse battery */
            password: string;
        };
        SignupResponse: {
            /**
             * @description Shown once; only a hash is stored.
             * @example lk_3kd9a0s2.Yx1...
             */
            apiKey: string;
            userId: string;
        };
        Task: components["schemas"]["TaskSummary"] & {
            attempts: components["schemas"]["Attempt"][];
            webhook?: components["schemas"]["WebhookTarget"];
        };
        TaskCreated: {
            /** Format: date-time */
            dueAt: string;
            /** @example 1042 */
            id: string;
            status: components["schemas"]["TaskStatus"];
        };
        TaskList: {
            /** @description Pass as `cursor` to get the next page; null on the last page. */
            nextCursor: string | null;
            tasks: components["schemas"]["TaskSummary"][];
        };
        /**
         * @description `scheduled` waits for its due time; `running` is being delivered; `retrying` failed and waits
         *     for its next attempt; `delivered`, `dead` (out of attempts or permanent failure) and
         *     `cancelled` are final.
         * @enum {string}
         */
        TaskStatus: "scheduled" | "running" | "retrying" | "delivered" | "dead" | "cancelled";
        TaskSummary: {
            channel: components["schemas"]["Channel"];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            dueAt: string;
            id: string;
            status: components["schemas"]["TaskStatus"];
        };
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
        Cursor: string;
        Limit: number;
        StatusFilter: components["schemas"]["TaskStatus"];
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
    signup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SignupRequest"];
            };
        };
        responses: {
            /** @description The account and its first API key. The key is shown only here. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignupResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description The email is taken. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listTasks: {
        parameters: {
            query?: {
                cursor?: components["parameters"]["Cursor"];
                limit?: components["parameters"]["Limit"];
                status?: components["parameters"]["StatusFilter"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller's tasks, newest first. */
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
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "channel": "webhook",
                 *       "webhook": {
                 *         "url": "https://example.com/hooks/later",
                 *         "body": {
                 *           "text": "take the laundry out"
                 *         }
                 *       },
                 *       "delay": "PT2H"
                 *     }
                 */
                "application/json": components["schemas"]["CreateTaskRequest"];
            };
        };
        responses: {
            /** @description Accepted; it will be delivered at `dueAt`. */
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
}
