# McpConsole: multi-stage build. The build stage needs Node for the front-end assets (npm ci in wwwroot-assets).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/McpConsole.Web/McpConsole.Web.csproj -c Release -r linux-x64 --self-contained false -o /app/console \
 && dotnet publish src/McpConsole.SampleServer/McpConsole.SampleServer.csproj -c Release -o /app/sample-server

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS console
WORKDIR /app
COPY --from=build /app/console .
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    McpConsole__DataDirectory=/data
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s CMD ["dotnet", "McpConsole.Web.dll", "--healthcheck"]
ENTRYPOINT ["dotnet", "McpConsole.Web.dll"]

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS sample-server
WORKDIR /app
COPY --from=build /app/sample-server .
EXPOSE 8080
ENTRYPOINT ["dotnet", "McpConsole.SampleServer.dll", "--urls", "http://0.0.0.0:8080"]
