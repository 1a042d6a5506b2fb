# The judge's API and worker, for registry-connected deployments (docker-compose.yml). The offline path
# (`npm install && npm start` on the host) does not use this file.
FROM node:20.20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The candidate editor's browser bundle (CodeMirror, bundled by esbuild; the pages serve it same-origin).
RUN npx tsx scripts/build-editor.ts
ENV NODE_ENV=production HOST=0.0.0.0
EXPOSE 3000
CMD ["npx", "tsx", "api/main.ts"]
