# talklint live server: API, WebSocket stream and pages on port 8080.
#   docker build -t talklint .
#   docker run --rm -p 8080:8080 -e TALKLINT_TOKEN=change-me talklint
# Node 20 on Debian bookworm (glibc, for the prebuilt @node-rs/jieba binary), pinned by digest so a
# rebuild gets the same base; the tag is for people, Docker uses the digest. To update: pull
# node:20-bookworm-slim, take its RepoDigest and replace the digest here.
ARG NODE_IMAGE=node:20-bookworm-slim@sha256:2cf067cfed83d5ea958367df9f966191a942351a2df77d6f0193e162b5febfc0

# ---- build: all dependencies, compile TypeScript to dist/ ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# no install scripts: `prepare` would build before the sources are here
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY server ./server
RUN npx tsc -p tsconfig.build.json

# ---- runtime: production dependencies only, non-root ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    LOG_LEVEL=info
WORKDIR /app
COPY package.json package-lock.json ./
# tsc (a devDependency) is not installed here, so `prepare` must not run: dist/ comes from the build stage
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY lexicons ./lexicons
COPY server/public ./server/public
# sample transcripts for the sidebar demo (served read-only)
COPY fixtures ./fixtures
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
  CMD node -e "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# node itself is PID 1 and handles SIGTERM (finishes in-flight requests, then exits)
CMD ["node", "dist/server/main.js"]
