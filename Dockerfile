# One image for every faultline role: node, proxy, gateway and runner differ only by command.
# Two stages: the toolchain builds (better-sqlite3 compiles from source) and `pnpm deploy --prod`
# gathers the CLI with production dependencies only; the image ships that, run as the unprivileged
# `node` user. Checked without Docker by packages/e2e/test/containers.test.ts.

# ---- build ----
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/* \
    && npm install -g pnpm@10.34.9
WORKDIR /src
# The lockfile alone first: `pnpm fetch` fills the store in a layer that stays cached until the
# lockfile changes, so editing the source does not download every dependency again.
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json .npmrc ./
RUN pnpm fetch --frozen-lockfile
COPY . .
RUN pnpm install --frozen-lockfile --offline \
    && pnpm build \
    && pnpm --filter @faultline/cli deploy --prod --legacy --offline /out

# ---- runtime ----
FROM node:20-bookworm-slim
# The whole DejaVu font, for characters outside the subset the charts' PNGs are drawn with; nothing else from the
# toolchain.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /out ./
COPY --from=build /src/scenarios ./scenarios
COPY --from=build /src/docker ./docker
COPY --from=build /src/examples ./examples
RUN mkdir -p /app/results && chown node:node /app/results
USER node
# The CLI starts traffic commands with its V8 flags itself (packages/cli/src/engine-tuning.ts).
ENTRYPOINT ["node", "dist/bin.js"]
