# syntax=docker/dockerfile:1
# Grimnir Radio control plane (`grimnirradio`): API, dashboard, WebSocket, /stream/ and /live/ on
# :8080, Prometheus metrics on :9000.
#   docker build -t grimnir-radio:latest -f Dockerfile .
#   docker run grimnir-radio:latest            -> grimnirradio serve
#   docker compose run grimnir migrate         -> grimnirradio migrate
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
# Native modules (better-sqlite3) compile from source when no prebuilt binary matches the platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/grimnir-radio
COPY . .
RUN npm ci --no-audit --no-fund \
 && npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
# tini reaps orphaned children and forwards signals (Node as PID 1 does neither);
# netcat-openbsd serves the guide's `docker compose exec grimnir nc -zv postgres 5432`.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini netcat-openbsd ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 grimnir \
 && useradd --system --uid 10001 --gid grimnir --home-dir /var/lib/grimnir \
      --shell /usr/sbin/nologin grimnir \
 && install -d -o grimnir -g grimnir -m 0750 /var/lib/grimnir /var/lib/grimnir/media \
      /var/lib/grimnir/data
# Code stays root-owned: the service user can run it but not change it. Scripts keep their git
# mode (0755), so no --chmod (BuildKit-only) is needed and the legacy builder of Docker 20.10 works.
COPY --from=build /opt/grimnir-radio /opt/grimnir-radio
COPY deploy/bin/grimnirradio /usr/local/bin/grimnirradio
COPY deploy/docker/entrypoint.sh /usr/local/bin/docker-entrypoint

ENV NODE_ENV=production \
    GRIMNIR_HOME=/opt/grimnir-radio \
    GRIMNIR_ENV=production \
    GRIMNIR_HTTP_BIND=0.0.0.0 \
    GRIMNIR_METRICS_BIND=0.0.0.0 \
    GRIMNIR_LIVE_BIND=0.0.0.0 \
    GRIMNIR_HTTP_PORT=8080 \
    GRIMNIR_MEDIA_ROOT=/var/lib/grimnir/media \
    GRIMNIR_DATA_DIR=/var/lib/grimnir/data

USER grimnir
WORKDIR /var/lib/grimnir
VOLUME ["/var/lib/grimnir/media"]
EXPOSE 8080 9000

HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.GRIMNIR_HTTP_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"

ENTRYPOINT ["tini", "--", "docker-entrypoint", "grimnirradio"]
CMD ["serve"]
