# One image for every Kuaiban component; the command picks the component (see compose.yaml).
# The steps are the npm scripts CI runs: npm ci, npm run typecheck, npm run build.

# --- dependencies, as locked ---
FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# --- checked and compiled ---
FROM deps AS build
COPY . .
RUN npm run typecheck && npm run build

# --- production dependencies only ---
FROM node:22-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# --- what runs: compiled code, production packages, the data files it reads ---
FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY schema/calendar/years ./schema/calendar/years
COPY schema/sdl ./schema/sdl
COPY subgraphs/social-insurance/code-tables.json ./subgraphs/social-insurance/code-tables.json
COPY dashboard/assets ./dashboard/assets
# the hub's data folder (development keys only; production keys come from the environment)
RUN mkdir -p /app/.data /archive && chown node:node /app/.data /archive
USER node
EXPOSE 4000 4011 4012 4013 4014 4015 4016 4017 4400 4401 4402 4420
# every component answers /health (alive) and /ready (store, peers, keys, calendar)
CMD ["node", "dist/gateway/main.js"]
