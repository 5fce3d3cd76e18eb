# The scheduler replicas: internal API, due claimer, lease reaper, history writer.
#   nomad job run -var image_tag=0.1.0 nomad/scheduler.nomad.hcl
#   nomad job scale -namespace later later-scheduler scheduler 5
# Secrets come from the Nomad Variable nomad/jobs (see deploy/README.md); Redis is found through
# Nomad's service discovery.

variable "image" {
  type        = string
  default     = "later/scheduler"
  description = "Image repository, without the tag."
}

variable "image_tag" {
  type        = string
  description = "Image tag to run, e.g. 0.1.0; required, so every rollout names its version."
}

variable "count" {
  type        = number
  default     = 3
  description = "Replicas. Any number works (claims are atomic in Redis); at least 2 keeps the API up while one restarts."
}

variable "namespace" {
  type    = string
  default = "later"
}

variable "datacenters" {
  type    = list(string)
  default = ["*"]
}

job "later-scheduler" {
  namespace   = var.namespace
  datacenters = var.datacenters
  type        = "service"

  group "scheduler" {
    count = var.count

    # One replica at a time, a canary first; a version whose checks fail is rolled back.
    update {
      max_parallel      = 1
      canary            = 1
      health_check      = "checks"
      min_healthy_time  = "10s"
      healthy_deadline  = "2m"
      progress_deadline = "10m"
      auto_revert       = true
      auto_promote      = false
    }

    # Never two replicas of one version on the same node when others are free.
    spread {
      attribute = "${node.unique.id}"
    }

    restart {
      attempts = 3
      interval = "5m"
      delay    = "10s"
      mode     = "delay"
    }

    reschedule {
      delay          = "15s"
      delay_function = "exponential"
      max_delay      = "5m"
      unlimited      = true
    }

    network {
      port "http" {
        to = 8081
      }
    }

    service {
      name     = "later-scheduler"
      provider = "nomad"
      port     = "http"

      # Ready: Redis answers (200 also while Postgres is down: claiming goes on, see README).
      check {
        name     = "ready"
        type     = "http"
        path     = "/readyz"
        interval = "10s"
        timeout  = "3s"
      }

      # Alive: restart a replica whose process stops answering at all.
      check {
        name     = "alive"
        type     = "http"
        path     = "/healthz"
        interval = "10s"
        timeout  = "3s"

        check_restart {
          limit = 3
          grace = "30s"
        }
      }
    }

    task "scheduler" {
      driver = "docker"

      config {
        image = "${var.image}:${var.image_tag}"
        ports = ["http"]
      }

      # The process finishes in-flight work within SHUTDOWN_GRACE_MS after SIGTERM; Nomad waits
      # kill_timeout before SIGKILL, so it is the grace plus a margin (and at most the client's
      # max_kill_timeout, 30 s by default).
      kill_timeout = "15s"

      env {
        SHUTDOWN_GRACE_MS = "10000"
        # The same in every scheduler and sender, and fixed once Redis holds data.
        SHARD_COUNT = "16"
        LOG_LEVEL   = "info"
      }

      # Secrets, from the Nomad Variable nomad/jobs that every job of the namespace may read.
      template {
        destination = "secrets/later.env"
        env         = true
        change_mode = "restart"
        data        = <<-EOT
          {{- with nomadVar "nomad/jobs" }}
          DATABASE_URL={{ .DATABASE_URL }}
          SCHEDULER_TOKEN={{ .SCHEDULER_TOKEN }}
          SIGNING_SECRET={{ .SIGNING_SECRET }}
          {{- end }}
        EOT
      }

      # Redis' address from Nomad's service discovery. Empty while Redis is not registered, which
      # the config schema refuses, so the task waits in restarts rather than use a default.
      template {
        destination = "secrets/redis.env"
        env         = true
        change_mode = "restart"
        data        = <<-EOT
          REDIS_URL={{ range nomadService "later-redis" }}redis://:{{ with nomadVar "nomad/jobs" }}{{ .REDIS_PASSWORD }}{{ end }}@{{ .Address }}:{{ .Port }}{{ end }}
        EOT
      }

      # Measured: see nomad/README.md ("Resources").
      resources {
        cpu    = 500
        memory = 256
      }
    }
  }
}
