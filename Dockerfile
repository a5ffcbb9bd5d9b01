# Twitch-Relief Assistant: the bot in a container, as an unprivileged user, data on a volume.
#
#   docker build -t twitch-relief .
#   docker volume create twitch-relief-data
#   docker run -d --name twitch-relief --restart on-failure:5 --env-file .env \
#       -v twitch-relief-data:/data twitch-relief
#
# Webhook mode: set WEBHOOK_URL in .env and publish the port to the reverse proxy only,
# e.g. `-p 127.0.0.1:8443:8443` (README, "Running in production").

FROM python:3.12-slim AS build
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY assistant ./assistant
COPY knowledge ./knowledge
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.12-slim
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    BOT_DATA_DIR=/data
COPY --from=build /wheels /wheels
RUN pip install /wheels/*.whl && rm -rf /wheels \
    && useradd --system --uid 10001 --user-group --home-dir /nonexistent \
       --shell /usr/sbin/nologin twitch-relief \
    && mkdir /data && chown twitch-relief:twitch-relief /data && chmod 700 /data
USER twitch-relief
WORKDIR /data
# The SQLite database (reminders, time zones, anonymous counts): back it up, keep it on a volume.
VOLUME ["/data"]
# Used only in webhook mode (WEBHOOK_URL set); one of the ports Telegram delivers to.
EXPOSE 8443
# The bot touches /data/heartbeat every 30 s; older than 3 minutes means stuck or stopped.
HEALTHCHECK --interval=60s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-m", "assistant.telegram.health", "/data"]
# SIGTERM (docker stop) shuts down cleanly: pending reminders are retried on the next start.
STOPSIGNAL SIGTERM
ENTRYPOINT ["twitch-relief"]
CMD ["run"]
