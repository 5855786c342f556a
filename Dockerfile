# The hopify-engine CLI as an image: `docker run IMAGE run specs/v15.yaml --target parquet:/data/v15`.
# One container is one shard in deploy/k8s-job.yaml. Specs of your own: mount them and name their path.
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
COPY bin bin
COPY engine engine
COPY plugins plugins
COPY benchmarks benchmarks
# `npm ci` also compiles (the prepare script), which needs the dev dependencies; they go afterwards.
RUN npm ci && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY bin bin
COPY specs specs
USER node
ENTRYPOINT ["node", "/app/bin/hopify-engine.js"]
CMD ["--help"]
