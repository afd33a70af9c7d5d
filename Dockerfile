# lillycoder in a container: the CLI installed from its own packed tarball, run as a non-root user, with the
# project to work on mounted at /workspace. See docker-compose.yml and the README's "Sandbox" section.

# Build: compile, then pack exactly what npm users get (package.json "files": bin, dist, personas, the oclif manifest).
FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm pack --pack-destination /packed

# Run: Node LTS slim, ripgrep for grep/find_files, git for the project, lillycoder from the tarball, no dev files.
FROM node:24-bookworm-slim
RUN apt-get update \
  && apt-get install -y --no-install-recommends ripgrep git ca-certificates \
  && rm -rf /var/lib/apt/lists/*
COPY --from=build /packed/ /tmp/packed/
RUN npm install --global --no-audit --no-fund /tmp/packed/lillycoder-*.tgz && rm -rf /tmp/packed
# The image's own unprivileged user (uid 1000); nothing below runs as root.
USER node
WORKDIR /workspace
CMD ["sleep", "infinity"]
