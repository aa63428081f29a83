# Mission Control in one image: the NestJS server, the dashboard it serves, the Prisma
# migrations it applies at start-up. Build: scripts/image/build-image.sh (or plain
# `docker build .` where Docker Hub's node image can be pulled).
#
# NODE_IMAGE: a Debian 12 image with Node 22 and npm in /usr/local. The official one by default;
# where no registry can be reached, scripts/image/build-base.sh makes the same from Debian's
# mirror and the npm registry (otternauts/node-base:22-bookworm).
ARG NODE_IMAGE=node:22-bookworm-slim

# ---- build: compile the server and the dashboard --------------------------------------------
FROM ${NODE_IMAGE} AS build
# better-sqlite3 (and ssh2's cpu-features) compile from source when no prebuilt binary can be
# downloaded; node-gyp takes Node's headers from /usr/local/include instead of the internet.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
ENV npm_config_nodedir=/usr/local \
    npm_config_fund=false \
    npm_config_audit=false \
    npm_config_update_notifier=false
WORKDIR /app

# Dependencies first: this layer is reused until a package file changes.
# `npm install`, not `npm ci`: a lockfile written where npm gets no non-Linux packages fails
# `npm ci` (see the README). Only the server's and the dashboard's workspaces are installed.
COPY package.json package-lock.json ./
COPY server/package.json server/
COPY web/package.json web/
COPY cli/package.json cli/
COPY e2e/package.json e2e/
# The CA bundle of a TLS-inspecting proxy in front of the registry, when build-image.sh found
# one (scripts/image/build-ca/README.md); this stage only, for npm.
COPY scripts/image/build-ca/ /etc/otternauts-build-ca/
RUN if [ -s /etc/otternauts-build-ca/ca-certificates.crt ]; then \
      export npm_config_cafile=/etc/otternauts-build-ca/ca-certificates.crt; fi \
  && npm install -w server -w web --no-audit --no-fund

# What the runtime keeps: the production dependencies alone, pruned in a copy (still cached).
# A plain prune: `npm prune -w server` also drops hoisted packages the server imports. Packages
# npm could not hoist (another workspace wants another version) live in server/node_modules.
RUN mkdir -p /prod/server /prod/web /prod/cli /prod/e2e \
  && cp package.json package-lock.json /prod/ \
  && for w in server web cli e2e; do cp $w/package.json /prod/$w/; done \
  && cp -a node_modules /prod/node_modules \
  && mkdir -p server/node_modules && cp -a server/node_modules /prod/server/node_modules \
  && if [ -s /etc/otternauts-build-ca/ca-certificates.crt ]; then \
      export npm_config_cafile=/etc/otternauts-build-ca/ca-certificates.crt; fi \
  && cd /prod && npm prune --omit=dev --no-audit --no-fund \
  && rm -rf /prod/node_modules/web /prod/node_modules/otternauts-cli /prod/node_modules/e2e

COPY prisma.config.ts ./
COPY prisma prisma
COPY server server
COPY web web
RUN npm -w server run build && npm -w web run build

# ---- runtime -----------------------------------------------------------------------------
FROM ${NODE_IMAGE}
# git: Git stacks are cloned with it; openssh-client: git over SSH; tini: pid 1 that passes
# `docker stop`'s SIGTERM on and reaps the git/ssh children.
RUN apt-get update \
  && apt-get install -y --no-install-recommends git openssh-client ca-certificates tini \
  && rm -rf /var/lib/apt/lists/*
# Written directly, not with useradd: a minimal Debian base may not have the passwd package.
RUN echo 'otternauts:x:10001:10001:Otternauts Mission Control:/home/otternauts:/usr/sbin/nologin' >>/etc/passwd \
  && echo 'otternauts:x:10001:' >>/etc/group \
  && echo 'otternauts:!:20000::::::' >>/etc/shadow \
  && mkdir -p /home/otternauts /data \
  && chown 10001:10001 /home/otternauts /data \
  && chmod 0700 /home/otternauts /data

WORKDIR /app
COPY --from=build /prod/node_modules node_modules
COPY --from=build /app/package.json ./
COPY --from=build /app/prisma.config.ts ./
COPY --from=build /app/prisma prisma
COPY --from=build /app/server/package.json server/
COPY --from=build /prod/server/node_modules server/node_modules
COPY --from=build /app/server/dist server/dist
COPY --from=build /app/web/build web/build
# read at run time: the Docker install script servers get, and the Traefik ingress stack
COPY templates templates

# MALLOC_ARENA_MAX=2: glibc keeps two malloc arenas instead of one per thread (libuv, V8's
# helpers); 10-17 MB less RSS at idle and after a burst of API calls, throughput unchanged
# (issue 13's note). `npm start` sets it too.
ENV NODE_ENV=production \
    MALLOC_ARENA_MAX=2 \
    OTTERNAUTS_DATA_DIR=/data \
    OTTERNAUTS_HOST=0.0.0.0 \
    OTTERNAUTS_PORT=8080
VOLUME /data
EXPOSE 8080
USER 10001:10001
# Listening on 0.0.0.0 needs OTTERNAUTS_ADMIN_TOKEN (or OTTERNAUTS_ADMIN_TOKEN_FILE, e.g. a
# Swarm secret): without one Mission Control says so and exits 1.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.OTTERNAUTS_PORT}/api/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["tini", "--"]
# A 2 MB young generation, as `npm start` runs it: about 20-30 MB less RSS after a burst of
# API calls, at no measured cost to validation or API throughput (issue 13's note).
CMD ["node", "--max-semi-space-size=2", "server/dist/main.js"]
