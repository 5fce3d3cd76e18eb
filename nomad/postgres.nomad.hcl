# Postgres for small setups (production points DATABASE_URL at a managed instance instead).
# Data on a host volume; the node that runs it needs, in its Nomad client configuration:
#   client { host_volume "later-postgres" { path = "/opt/later/postgres" read_only = false } }
#   nomad job run nomad/postgres.nomad.hcl
# It listens on the node's port 5432 (static: the volume pins it to one node, so DATABASE_URL
# in nomad/jobs can name that node's address). Its password comes from the Nomad Variable
# nomad/jobs/later-postgres, which only this job reads.

variable "image" {
  type    = string
  default = "postgres:17.6-alpine"
}

variable "namespace" {
  type    = string
  default = "later"
}

variable "datacenters" {
  type    = list(string)
  default = ["*"]
}

job "later-postgres" {
  namespace   = var.namespace
  datacenters = var.datacenters
  type        = "service"

  group "postgres" {
    count = 1

    volume "data" {
      type      = "host"
      source    = "later-postgres"
      read_only = false
    }

    update {
      max_parallel     = 1
      health_check     = "checks"
      min_healthy_time = "10s"
      healthy_deadline = "5m"
      auto_revert      = true
    }

    restart {
      attempts = 10
      interval = "10m"
      delay    = "5s"
      mode     = "delay"
    }

    reschedule {
      attempts  = 0
      unlimited = false
    }

    network {
      port "postgres" {
        static = 5432
        to     = 5432
      }
    }

    service {
      name     = "later-postgres"
      provider = "nomad"
      port     = "postgres"

      check {
        name     = "tcp"
        type     = "tcp"
        interval = "10s"
        timeout  = "2s"
      }
    }

    task "postgres" {
      driver = "docker"

      config {
        image = var.image
        ports = ["postgres"]
      }

      volume_mount {
        volume      = "data"
        destination = "/var/lib/postgresql/data"
      }

      # A fast shutdown (SIGTERM) checkpoints; give it time.
      kill_timeout = "30s"

      env {
        POSTGRES_USER = "later"
        POSTGRES_DB   = "later"
      }

      template {
        destination = "secrets/postgres.env"
        env         = true
        change_mode = "restart"
        data        = <<-EOT
          {{- with nomadVar "nomad/jobs/later-postgres" }}
          POSTGRES_PASSWORD={{ .POSTGRES_PASSWORD }}
          {{- end }}
        EOT
      }

      resources {
        cpu    = 500
        memory = 512
      }
    }
  }
}
