# syntax=docker/dockerfile:1
#
# One image definition for the four CareRelay services and the web app. Pick one with a build argument:
#
#   docker build --build-arg SERVICE=messaging-service -t carerelay/messaging-service .
#
# SERVICE: directory-service | messaging-service | delivery-service | audit-service | web
# docker-compose.yml builds all five from this file.

############################
# Build: Maven on JDK 25. The root pom's maven-toolchains-plugin (select-jdk-toolchain,
# version [21,)) accepts the image's own JDK 25, so no toolchains.xml is needed.
############################
FROM maven:3.9-eclipse-temurin-25 AS build
ARG SERVICE
WORKDIR /build

# The whole reactor: Maven reads every module's pom even when building one with -pl.
COPY . .

# The local Maven repository lives in a BuildKit cache mount, so dependencies are downloaded once
# and reused by the builds of the other services; "locked" keeps parallel builds (compose builds
# five images at once) from writing the same repository concurrently.
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
    case "${SERVICE}" in \
      directory-service|messaging-service|delivery-service|audit-service|web) ;; \
      *) echo "Build with --build-arg SERVICE=<directory-service|messaging-service|delivery-service|audit-service|web> (got '${SERVICE}')" >&2; exit 1 ;; \
    esac \
 && mvn -B -q -pl "${SERVICE}" -am -DskipTests package \
 && mkdir -p /out \
 && cp "${SERVICE}/target/${SERVICE}-0.1.0-SNAPSHOT-exec.jar" /out/app.jar

############################
# Run: JRE only, non-root.
############################
FROM eclipse-temurin:25-jre
ARG SERVICE
LABEL org.opencontainers.image.title="carerelay-${SERVICE}" \
      org.opencontainers.image.description="CareRelay ${SERVICE}"

# curl is for container health checks (docker-compose.yml calls /actuator/health/readiness with it).
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 carerelay \
 && useradd --system --uid 10001 --gid carerelay --home-dir /app --no-create-home --shell /usr/sbin/nologin carerelay

WORKDIR /app
# Owned by root and read-only for the service user: the process cannot rewrite its own code.
COPY --from=build /out/app.jar /app/app.jar

# Numeric, so Kubernetes can verify runAsNonRoot.
USER 10001:10001

# Parallel GC: throughput on few cores (see README, Benchmarks); young collections stay in milliseconds.
ENTRYPOINT ["java","-XX:MaxRAMPercentage=75","-XX:+UseParallelGC","-jar","/app/app.jar"]
