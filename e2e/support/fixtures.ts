// A 3-service fleet the test bed can run: local busybox image (no registry), dnsrr endpoints
// (no IPVS), 1 s stop grace (busybox ignores SIGTERM). web has a domain and a secret
// reference, db writes a line a second (for the logs tests), cache answers PONG over HTTP.
export const shop = (dbMessage: string) => `version: "3.8"
services:
  web:
    image: local/busybox:1
    command: ["sh", "-c", "mkdir -p /www && echo welcome > /www/index.html && exec httpd -f -p 8080 -h /www"]
    environment:
      API_KEY: \${API_KEY}
    expose:
      - "8080"
    stop_grace_period: 1s
    deploy:
      endpoint_mode: dnsrr
      replicas: 2
    x-otternauts:
      domains:
        - shop.example.test
  db:
    image: local/busybox:1
    command: ["sh", "-c", "while true; do echo ${dbMessage} $$(date +%s); sleep 1; done"]
    stop_grace_period: 1s
    deploy:
      endpoint_mode: dnsrr
  cache:
    image: local/busybox:1
    command: ["sh", "-c", "mkdir -p /c && echo PONG > /c/index.html && exec httpd -f -p 6379 -h /c"]
    stop_grace_period: 1s
    deploy:
      endpoint_mode: dnsrr
`;
