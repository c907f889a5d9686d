# One image per service, built from this repository: docker build --build-arg SERVICE=contact-service .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
ARG SERVICE
RUN mvn -B -q -DskipTests -Dspotless.check.skip=true -pl ${SERVICE} -am package

FROM eclipse-temurin:17-jre
ARG SERVICE
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 kit && useradd --system --uid 10001 --gid kit kit
COPY --from=build /src/${SERVICE}/target/${SERVICE}.jar /app/service.jar
# By number, so that Kubernetes' runAsNonRoot can verify it (deploy/kubernetes runs it as 10001 too).
USER 10001:10001
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djdk.nio.maxCachedBufferSize=262144" \
    MALLOC_ARENA_MAX=2 \
    LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs
ENTRYPOINT ["java", "-jar", "/app/service.jar"]
