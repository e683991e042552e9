# namesake in a container: a multi-stage build (the Rust toolchain stays in the build stage), a
# small Debian runtime, a non-root user, and the data directory (store, index cache, downloaded
# lists, config.toml) on the /data volume.
#
#   docker build -t namesake .
#   docker run --rm -v namesake-data:/data namesake import /lists/un.xml      # with -v …:/lists:ro
#   docker run --rm -p 8000:8000 -v namesake-data:/data \
#     -e NAMESAKE_API_KEYS=ops:admin:a-long-random-key-0123 namesake
#
# docker-compose.yml runs it with PostgreSQL; scripts/container-smoke.sh builds and tests both.

FROM rust:1-slim-bookworm AS build
WORKDIR /src
# Manifests first: the dependency build is cached until Cargo.toml or Cargo.lock change.
COPY Cargo.toml Cargo.lock ./
COPY crates crates
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked -p namesake-cli \
    && cp target/release/namesake /usr/local/bin/namesake \
    && strip /usr/local/bin/namesake

FROM debian:bookworm-slim AS runtime
# ca-certificates: `namesake update` fetches the lists over HTTPS.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 namesake \
    && useradd --system --uid 10001 --gid namesake --home-dir /data --shell /usr/sbin/nologin namesake \
    && mkdir -p /data \
    && chown namesake:namesake /data
COPY --from=build /usr/local/bin/namesake /usr/local/bin/namesake
ENV NAMESAKE_HOME=/data \
    NAMESAKE_LOG=info
VOLUME ["/data"]
USER namesake:namesake
WORKDIR /data
EXPOSE 8000
ENTRYPOINT ["namesake"]
# The store's current lists (import or update them first), every screening audited.
CMD ["serve", "--addr", "0.0.0.0:8000"]
