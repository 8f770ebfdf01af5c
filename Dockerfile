# syntax=docker/dockerfile:1
# Production image of the Interlock API. Build: docker build -t interlock:0.1.0 .
# Node 24 is an LTS line; the code also runs on Node 20.19+ (see engines in package.json).
# NOTE: the base image is pinned by tag only. Pin it by digest (node:24-bookworm-slim@sha256:…)
# in a registry-connected build to make rebuilds reproducible.

# Compiles the application and the migration entry point (dist/migrate.js) with the dev dependencies.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
RUN npm run build

# Installs the production dependencies only, without running package install scripts.
FROM node:24-bookworm-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM node:24-bookworm-slim
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="interlock" \
      org.opencontainers.image.description="REST API that administers a Microsoft AD or Samba AD domain over LDAP" \
      org.opencontainers.image.licenses="AGPL-3.0-only" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.base.name="docker.io/library/node:24-bookworm-slim"
# DATA_DIR is the only folder the application writes to, and only without DATABASE_URL (PGlite)
# or outside production (generated secrets), so the root filesystem can be mounted read-only.
ENV NODE_ENV=production \
    PORT=8000 \
    DATA_DIR=/data
WORKDIR /app
# The code belongs to root and is only readable by the runtime user, which cannot change it.
COPY package.json ./
COPY --from=dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir /data && chown 1000:1000 /data
VOLUME ["/data"]
# The numeric ids of the image's `node` user, so that Kubernetes runAsNonRoot can verify them.
USER 1000:1000
EXPOSE 8000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "require('node:http').get({ host: '127.0.0.1', port: process.env.PORT || 8000, path: '/healthz', timeout: 4000 }, (res) => process.exit(res.statusCode === 200 ? 0 : 1)).on('error', () => process.exit(1)).on('timeout', () => process.exit(1))"]
CMD ["node", "dist/main.js"]
