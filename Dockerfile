# One image for every faultline role: node, proxy, gateway and runner differ only by command.
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && npm install -g pnpm@10.34.9
WORKDIR /app
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build
# The CLI starts traffic commands with its V8 flags itself (packages/cli/src/engine-tuning.ts).
ENTRYPOINT ["node", "packages/cli/dist/bin.js"]
