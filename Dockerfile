# Nestor's container images, one target per daemon:
#   docker build --target kea-dhcp6      -t nestor/kea-dhcp6 .      (kea-lfc inside: the server starts it)
#   docker build --target kea-dhcp-ddns  -t nestor/kea-dhcp-ddns .
#   docker build --target kea-ctrl-agent -t nestor/kea-ctrl-agent .
# docker-compose.yml builds all three. The programs come from this checkout's build, staged with
# production dependencies only by `node scripts/container-stage.mjs` (after `pnpm install` and
# `pnpm build`; scripts/containers.sh runs all of it), so building needs no registry and no
# network: only the base image, a Node 20 on Debian bookworm.
ARG BASE_IMAGE=node:20-bookworm-slim

FROM ${BASE_IMAGE} AS common
# Kea's directories; the daemons run as the unprivileged user kea, which owns what they write
# (named volumes mounted on these directories start with this ownership).
RUN groupadd --system --gid 990 kea \
 && useradd --system --uid 990 --gid kea --no-create-home --home-dir /var/lib/kea --shell /usr/sbin/nologin kea \
 && install -d -m 0755 /etc/kea \
 && install -d -o kea -g kea -m 0750 /var/lib/kea /run/kea /var/log/kea
# Where Nestor's daemons (as Kea's) put pid files, control sockets, leases and log files.
ENV KEA_PIDFILE_DIR=/run/kea \
    KEA_CONTROL_SOCKET_DIR=/run/kea \
    KEA_LOCKFILE_DIR=/run/kea \
    KEA_DHCP_DATA_DIR=/var/lib/kea \
    KEA_LOG_FILE_DIR=/var/log/kea \
    NODE_ENV=production
# The daemons log to stdout (the shipped configurations say so); SIGTERM (docker stop's default
# signal) stops them gracefully, leases flushed, sockets and pid file removed, and SIGHUP reloads
# the configuration: each is exec'd as its container's pid 1, so the signals reach it directly.
# (Every instruction costs a step of the classic builder: they are kept few.)
USER kea
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "/opt/nestor/bin/nestor-healthcheck"]

FROM common AS kea-dhcp6
COPY build/containers/kea-dhcp6/ /opt/nestor/
# DHCPv6 binds port 547 and sends on the link: the server needs CAP_NET_BIND_SERVICE and
# CAP_NET_RAW, nothing else. The container starts as root (give it those two plus SETUID,
# SETGID and SETPCAP, as docker-compose.yml does); setpriv then becomes kea, keeps only the two
# as ambient capabilities, drops every other from the bounding set and execs the server.
ENV NESTOR_HEALTHCHECK=unix:/run/kea/kea6-ctrl-socket \
    KEA_LFC_EXECUTABLE=/opt/nestor/bin/kea-lfc
USER root
VOLUME ["/var/lib/kea"]
# The check runs as kea too: root in this container has no right to read kea's directories.
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD ["setpriv", "--reuid=kea", "--regid=kea", "--init-groups", "--", "node", "/opt/nestor/bin/nestor-healthcheck"]
ENTRYPOINT ["setpriv", "--reuid=kea", "--regid=kea", "--init-groups", \
  "--inh-caps=-all,+net_bind_service,+net_raw", "--ambient-caps=-all,+net_bind_service,+net_raw", \
  "--bounding-set=-all,+net_bind_service,+net_raw", "--", "/opt/nestor/bin/kea-dhcp6"]
CMD ["-c", "/etc/kea/kea-dhcp6.conf"]

FROM common AS kea-dhcp-ddns
COPY build/containers/kea-dhcp-ddns/ /opt/nestor/
ENV NESTOR_HEALTHCHECK=unix:/run/kea/kea-ddns-ctrl-socket
ENTRYPOINT ["/opt/nestor/bin/kea-dhcp-ddns"]
CMD ["-c", "/etc/kea/kea-dhcp-ddns.conf"]

FROM common AS kea-ctrl-agent
COPY build/containers/kea-ctrl-agent/ /opt/nestor/
ENV NESTOR_HEALTHCHECK=http://127.0.0.1:8000/
ENTRYPOINT ["/opt/nestor/bin/kea-ctrl-agent"]
CMD ["-c", "/etc/kea/kea-ctrl-agent.conf"]
