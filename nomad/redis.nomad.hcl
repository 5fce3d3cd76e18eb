# Later's Redis: one instance, AOF on, data on a host volume so it survives restarts and
# redeployments. The node that runs it needs, in its Nomad client configuration:
#   client { host_volume "later-redis" { path = "/opt/later/redis" read_only = false } }
#   nomad job run nomad/redis.nomad.hcl
#   nomad job run -var appendfsync=always nomad/redis.nomad.hcl   # fsync every write
# The password comes from the Nomad Variable nomad/jobs (REDIS_PASSWORD); the scheduler and
# sender jobs find this instance as the Nomad service "later-redis".

variable "image" {
  type    = string
  default = "redis:7.4.6-alpine"
}

variable "appendfsync" {
  type        = string
  default     = "everysec"
  description = "AOF fsync policy: everysec (a crash or power cut loses at most about the last second of writes), always (loses none, a disk sync per write) or no (the OS decides when)."

  validation {
    condition     = contains(["always", "everysec", "no"], var.appendfsync)
    error_message = "The appendfsync policy must be always, everysec or no."
  }
}

variable "namespace" {
  type    = string
  default = "later"
}

variable "datacenters" {
  type    = list(string)
  default = ["*"]
}

job "later-redis" {
  namespace   = var.namespace
  datacenters = var.datacenters
  type        = "service"

  group "redis" {
    # One writer: Later's scripts need a single Redis (or a Redis Cluster, which this job is not).
    count = 1

    volume "data" {
      type      = "host"
      source    = "later-redis"
      read_only = false
    }

    # A new version replaces the old one in place: the volume is on one node.
    update {
      max_parallel     = 1
      health_check     = "checks"
      min_healthy_time = "10s"
      healthy_deadline = "3m"
      auto_revert      = true
    }

    restart {
      attempts = 10
      interval = "10m"
      delay    = "5s"
      mode     = "delay"
    }

    # The data is on this node's volume: wait for the node rather than start empty elsewhere.
    reschedule {
      attempts  = 0
      unlimited = false
    }

    network {
      port "redis" {
        to = 6379
      }
    }

    service {
      name     = "later-redis"
      provider = "nomad"
      port     = "redis"

      check {
        name     = "tcp"
        type     = "tcp"
        interval = "10s"
        timeout  = "2s"
      }
    }

    task "redis" {
      driver = "docker"

      config {
        image   = var.image
        ports   = ["redis"]
        command = "redis-server"
        args    = ["/secrets/redis.conf"]
      }

      volume_mount {
        volume      = "data"
        destination = "/data"
      }

      # SIGTERM makes Redis fsync the AOF and exit; give it time on a large data set.
      kill_timeout = "30s"

      # The configuration, password included, is rendered into the task's secrets directory.
      template {
        destination = "secrets/redis.conf"
        change_mode = "restart"
        perms       = "0644"
        data        = <<-EOT
          appendonly yes
          appendfsync ${var.appendfsync}
          dir /data
          {{ with nomadVar "nomad/jobs" }}requirepass {{ .REDIS_PASSWORD }}{{ end }}
        EOT
      }

      # Measured: see nomad/README.md ("Resources").
      resources {
        cpu    = 500
        memory = 512
      }
    }
  }
}
