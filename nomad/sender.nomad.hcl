# The senders: take leased tasks from Redis, deliver them, report each attempt.
#   nomad job run -var image_tag=0.1.0 nomad/sender.nomad.hcl
#   nomad job scale -namespace later later-sender sender 3
# Secrets come from the Nomad Variable nomad/jobs (see deploy/README.md); Redis is found through
# Nomad's service discovery.

variable "image" {
  type        = string
  default     = "later/sender"
  description = "Image repository, without the tag."
}

variable "image_tag" {
  type        = string
  description = "Image tag to run, e.g. 0.1.0; required, so every rollout names its version."
}

variable "count" {
  type        = number
  default     = 2
  description = "Senders. Each takes only as much work as it has free slots, so adding one adds throughput."
}

variable "channel_settings" {
  type        = bool
  default     = false
  description = "Read SMTP_* and SMS_* settings from the Nomad Variable nomad/jobs/later-sender (create it first)."
}

variable "namespace" {
  type    = string
  default = "later"
}

variable "datacenters" {
  type    = list(string)
  default = ["*"]
}

job "later-sender" {
  namespace   = var.namespace
  datacenters = var.datacenters
  type        = "service"

  group "sender" {
    count = var.count

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
        to = 8082
      }
    }

    service {
      name     = "later-sender"
      provider = "nomad"
      port     = "http"

      check {
        name     = "ready"
        type     = "http"
        path     = "/readyz"
        interval = "10s"
        timeout  = "3s"
      }

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

    task "sender" {
      driver = "docker"

      config {
        image = "${var.image}:${var.image_tag}"
        ports = ["http"]
      }

      # After SIGTERM a sender lets deliveries finish for SHUTDOWN_GRACE_MS, then takes up to 5 s
      # more to abort and hand back the rest: 20 s + 5 s, under kill_timeout, which stays within
      # the Nomad client's default max_kill_timeout of 30 s.
      kill_timeout = "30s"

      env {
        SHUTDOWN_GRACE_MS = "20000"
        SHARD_COUNT       = "16"
        LOG_LEVEL         = "info"
      }

      template {
        destination = "secrets/later.env"
        env         = true
        change_mode = "restart"
        data        = <<-EOT
          {{- with nomadVar "nomad/jobs" }}
          SIGNING_SECRET={{ .SIGNING_SECRET }}
          {{- end }}
        EOT
      }

      template {
        destination = "secrets/redis.env"
        env         = true
        change_mode = "restart"
        data        = <<-EOT
          REDIS_URL={{ range nomadService "later-redis" }}redis://:{{ with nomadVar "nomad/jobs" }}{{ .REDIS_PASSWORD }}{{ end }}@{{ .Address }}:{{ .Port }}{{ end }}
        EOT
      }

      # Email and SMS: every item of nomad/jobs/later-sender becomes a variable (SMTP_HOST,
      # SMTP_PASSWORD, SMS_AUTH_TOKEN...). Off by default: a template on a missing variable waits.
      dynamic "template" {
        for_each = var.channel_settings ? ["later-sender"] : []
        content {
          destination = "secrets/channels.env"
          env         = true
          change_mode = "restart"
          data        = <<-EOT
            {{- with nomadVar "nomad/jobs/later-sender" }}{{ range $name, $value := . }}
            {{ $name }}={{ $value }}
            {{- end }}{{ end }}
          EOT
        }
      }

      # Measured: see nomad/README.md ("Resources").
      resources {
        cpu    = 500
        memory = 256
      }
    }
  }
}
