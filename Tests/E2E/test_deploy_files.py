"""The deploy files that cannot run here (there is no Docker engine nor cluster) are checked with
what can: Debian's docker-compose validates and resolves the compose file; the Kubernetes manifests
are parsed and held to what the services need (probes on the health routes, resources, autoscalers
on real targets, every file in the kustomization)."""
import glob
import os
import subprocess

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
K8S = os.path.join(ROOT, "deploy", "k8s")


def compose():
    result = subprocess.run(["docker-compose", "-f", os.path.join(ROOT, "docker-compose.yml"), "config"],
                            capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def test_docker_compose_accepts_the_stack_with_postgres_and_two_gateways():
    services = compose()["services"]
    assert set(services) == {"redis", "postgres", "auth", "store", "fanout", "gateway", "nginx"}
    assert services["gateway"]["deploy"]["replicas"] == 2
    for name, service in services.items():
        assert "healthcheck" in service, f"{name} has no healthcheck"
    for name in ("auth", "store"):
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgres://")
    assert services["nginx"]["depends_on"]["gateway"]["condition"] == "service_healthy"
    assert services["store"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "8080" in str(services["nginx"]["ports"])
    for name in ("auth", "store", "fanout", "gateway"):
        assert services[name]["build"]["dockerfile"] == "deploy/docker/Dockerfile"
    assert_redis_keeps_acknowledged_work(services["redis"]["command"])


def assert_redis_keeps_acknowledged_work(argv):
    """AOF on, a memory bound, and no eviction: a full Redis refuses writes instead of dropping entries."""
    options = dict(zip(argv[1::2], argv[2::2]))
    assert options["--appendonly"] == "yes" and options["--appendfsync"] in ("everysec", "always")
    assert options["--maxmemory-policy"] == "noeviction" and options["--maxmemory"].endswith(("mb", "gb"))


def test_the_dockerfile_builds_in_stages_and_runs_as_a_non_root_user_with_hiredis():
    with open(os.path.join(ROOT, "deploy", "docker", "Dockerfile")) as f:
        text = f.read()
    stages = [line for line in text.splitlines() if line.startswith("FROM ")]
    assert len(stages) == 2 and "AS build" in stages[0] and "slim" in stages[1]
    assert "libhiredis0.14" in text and "USER 10001" in text
    for product in ("messaging-auth", "messaging-gateway", "messaging-store", "messaging-fanout"):
        assert product in text


def manifests():
    documents = []
    for path in sorted(set(glob.glob(os.path.join(K8S, "*.yaml"))) - {os.path.join(K8S, "kustomization.yaml")}):
        with open(path) as f:
            for document in yaml.safe_load_all(f):
                if document:
                    documents.append((os.path.basename(path), document))
    return documents


def test_every_service_has_a_deployment_with_probes_resources_and_a_service():
    documents = manifests()
    by_kind = {}
    for _, document in documents:
        assert document.get("apiVersion") and document.get("kind") and document["metadata"].get("name")
        by_kind.setdefault(document["kind"], {})[document["metadata"]["name"]] = document
    for name in ("messaging-auth", "messaging-store", "messaging-fanout", "messaging-gateway"):
        deployment = by_kind["Deployment"][name]
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
        assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
        assert container["resources"]["requests"]["cpu"] and container["resources"]["limits"]["memory"]
        assert name in by_kind["Service"]
        assert deployment["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True
    redis = by_kind["StatefulSet"]["messaging-redis"]["spec"]["template"]["spec"]["containers"][0]
    assert_redis_keeps_acknowledged_work(redis["args"])
    autoscaled = {hpa["spec"]["scaleTargetRef"]["name"] for hpa in by_kind["HorizontalPodAutoscaler"].values()}
    assert autoscaled == {"messaging-gateway", "messaging-store"}
    assert autoscaled <= set(by_kind["Deployment"])


def test_the_ingress_routes_socket_io_with_affinity_and_the_apis_to_their_services():
    ingresses = {d["metadata"]["name"]: d for _, d in manifests() if d["kind"] == "Ingress"}
    socket = ingresses["messaging-socket"]
    assert socket["metadata"]["annotations"]["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(socket["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    routes = {path["path"]: path["backend"]["service"]["name"]
              for ingress in ingresses.values() for rule in ingress["spec"]["rules"] for path in rule["http"]["paths"]}
    assert routes == {"/socket.io/": "messaging-gateway", "/api/auth/": "messaging-auth", "/api/messaging/token": "messaging-auth",
                      "/.well-known/": "messaging-auth", "/api/conversations": "messaging-store"}


def test_the_kustomization_lists_every_manifest():
    with open(os.path.join(K8S, "kustomization.yaml")) as f:
        listed = set(yaml.safe_load(f)["resources"])
    files = {os.path.basename(p) for p in glob.glob(os.path.join(K8S, "*.yaml"))} - {"kustomization.yaml"}
    assert listed == files
