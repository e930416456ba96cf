# syntax=docker/dockerfile:1
# policy-watch: build the TypeScript once, ship only dist/ and production dependencies, run as non-root.

# Node 24 LTS: Node 20 is past its end of life.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the `prepare` build needs the sources, which are copied next.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY jobs ./jobs
RUN npx tsc -p tsconfig.build.json && npm prune --omit=dev --ignore-scripts

FROM node:24-bookworm-slim
# The daemon binds 127.0.0.1 unless told otherwise; a container's published port needs every interface.
ENV NODE_ENV=production \
    PW_CONFIG_DIR=/app/config \
    PW_HTTP_HOST=0.0.0.0 \
    PW_HTTP_PORT=8080
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The shipped config is a default; deployments mount their own over /app/config.
COPY config ./config
USER node
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PW_HTTP_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "dist/src/cli/main.js"]
CMD ["start"]
