# Build stage: compile a release binary (rustls only, so no OpenSSL anywhere).
FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
COPY src ./src
COPY locales ./locales
# Cargo checks that every target the manifest declares exists, the benchmark included.
COPY benches ./benches
RUN cargo build --release --locked

# Runtime stage: a small Debian with CA certificates for TLS to api.telegram.org.
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/outage-bot --create-home outage-bot \
    && install -d -o outage-bot -g outage-bot /var/lib/outage-bot/data /var/lib/outage-bot/backups
COPY --from=build /src/target/release/outage-bot /usr/local/bin/outage-bot
USER outage-bot
WORKDIR /var/lib/outage-bot
# The sled database lives here; mount a volume to keep it across containers.
ENV OUTAGE_BOT_DATA_DIR=/var/lib/outage-bot/data
# Backups on their own volume, so they can live on another disk than the data.
ENV OUTAGE_BOT_BACKUP_DIR=/var/lib/outage-bot/backups
VOLUME ["/var/lib/outage-bot/data", "/var/lib/outage-bot/backups"]
# The HTTP listener (/healthz, the API, webhooks) is on in the image so Docker can ask
# the bot how it is; set OUTAGE_BOT_HTTP_LISTEN= (empty) to turn it off, and then run
# the container with --no-healthcheck. Write calls still need OUTAGE_BOT_API_TOKEN.
ENV OUTAGE_BOT_HTTP_LISTEN=0.0.0.0:8080
EXPOSE 8080
# The image has no curl: the binary asks its own /healthz (exit 0 healthy, 1 not).
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 \
    CMD ["/usr/local/bin/outage-bot", "health", "--url", "http://127.0.0.1:8080/healthz"]
# TELOXIDE_TOKEN (and OUTAGE_BOT_ADMINS) come from the environment at run time:
#   docker run -e TELOXIDE_TOKEN=... -e OUTAGE_BOT_ADMINS=123456789 -v outage-data:/var/lib/outage-bot/data outage-bot
# Stop with SIGTERM (docker stop): the bot finishes in-flight sends and flushes the store.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/outage-bot"]
CMD ["run"]
