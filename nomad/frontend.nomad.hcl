# The public API and web UI.
#   nomad job run -var image_tag=0.1.0 nomad/frontend.nomad.hcl
#   nomad job scale -namespace later later-frontend frontend 3
# Put a load balancer in front of the "later-frontend" service instances (port label "http").
# Secrets come from the Nomad Variable nomad/jobs (see deploy/README.md); the schedulers are found
# through Nomad's service discovery.

variable "image" {
  type        = string
  default     = "later/frontend"
  description = "Image repository, without the tag."
}

variable "image_tag" {
  type        = string
  description = "Image tag to run, e.g. 0.1.0; required, so every rollout names its version."
}

variable "count" {
  type        = number
  default     = 2
  description = "Frontend replicas behind the load balancer."
}

variable "namespace" {
  type    = string
  default = "later"
}

variable "datacenters" {
  type    = list(string)
  default = ["*"]
}

job "later-frontend" {
  namespace   = var.namespace
  datacenters = var.datacenters
  type        = "service"

  group "frontend" {
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
        to = 8080
      }
    }

    service {
      name     = "later-frontend"
      provider = "nomad"
      port     = "http"

      # Ready: Postgres answers and at least one scheduler replica is ready.
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

    task "frontend" {
      driver = "docker"

      config {
        image = "${var.image}:${var.image_tag}"
        ports = ["http"]
      }

      kill_timeout = "15s"

      env {
        SHUTDOWN_GRACE_MS = "10000"
        LOG_LEVEL         = "info"
        # Behind a load balancer: believe its X-Forwarded-For, and serve cookies over https only.
        TRUST_PROXY   = "1"
        COOKIE_SECURE = "true"
      }

      template {
        destination = "secrets/later.env"
        env         = true
        change_mode = "restart"
        data        = <<-EOT
          {{- with nomadVar "nomad/jobs" }}
          DATABASE_URL={{ .DATABASE_URL }}
          SCHEDULER_TOKEN={{ .SCHEDULER_TOKEN }}
          {{- end }}
        EOT
      }

      # Every scheduler instance Nomad knows, comma-separated: the frontend goes round-robin over
      # them and skips one that does not answer. The list is read at start, so a change restarts
      # the task; `wait` gathers the changes of a rolling update into few restarts, and `splay`
      # keeps the frontend replicas from restarting at the same moment.
      template {
        destination = "local/schedulers.env"
        env         = true
        change_mode = "restart"
        splay       = "30s"
        data        = <<-EOT
          SCHEDULER_URL={{ range $i, $s := nomadService "later-scheduler" }}{{ if $i }},{{ end }}http://{{ $s.Address }}:{{ $s.Port }}{{ end }}
        EOT

        wait {
          min = "10s"
          max = "1m"
        }
      }

      # Measured: see nomad/README.md ("Resources").
      resources {
        cpu    = 500
        memory = 320
      }
    }
  }
}
