"""The deploy files that cannot run here (there is no Docker engine nor cluster) are checked with
what can: Debian's docker-compose validates and resolves the compose file; the Kubernetes manifests
are parsed and held to what the services need (probes on the health routes, resources, autoscalers
on real targets, every file in the kustomization)."""
import glob
import json
import os
import re
import shlex
import subprocess

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
K8S = os.path.join(ROOT, "deploy", "k8s")


def compose_env():
    """What deploy/compose-env.sh writes: a random secret for every setting without a default."""
    generated = subprocess.run([os.path.join(ROOT, "deploy", "compose-env.sh")], capture_output=True, text=True, timeout=30, check=True).stdout
    return dict(line.split("=", 1) for line in generated.splitlines() if line)


def compose(env=None):
    result = subprocess.run(["docker-compose", "-f", os.path.join(ROOT, "docker-compose.yml"), "config"],
                            capture_output=True, text=True, timeout=60, cwd=ROOT,
                            env={"PATH": os.environ["PATH"]} | (compose_env() if env is None else env))
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def redis_argv(script):
    """The redis-server arguments of a Redis container's start script."""
    words = shlex.split(script.replace("$$", "$"))
    return words[words.index("redis-server"):]


def test_compose_has_no_secret_of_its_own_and_refuses_to_start_without_them():
    result = subprocess.run(["docker-compose", "-f", os.path.join(ROOT, "docker-compose.yml"), "config"],
                            capture_output=True, text=True, timeout=60, cwd=ROOT, env={"PATH": os.environ["PATH"]})
    assert result.returncode != 0 and "deploy/compose-env.sh" in result.stderr
    env = compose_env()
    assert set(env) == {"POSTGRES_PASSWORD", "SERVICE_API_KEYS", "REDIS_AUTH_PASSWORD", "REDIS_GATEWAY_PASSWORD", "REDIS_STORE_PASSWORD",
                        "REDIS_FANOUT_PASSWORD", "REDIS_ADMIN_PASSWORD"}
    assert len(set(env.values())) == len(env) and all(len(value) >= 32 for value in env.values())
    services = compose(env)["services"]
    # Each service logs in to Redis as its own user, with its own password.
    for name in ("auth", "store", "fanout", "gateway"):
        assert services[name]["environment"]["REDIS_URL"] == f"redis://{name}:{env['REDIS_' + name.upper() + '_PASSWORD']}@redis:6379"
    assert "--aclfile" in redis_argv(services["redis"]["entrypoint"][-1])


def test_the_redis_users_are_the_same_everywhere_and_each_service_keeps_to_its_keys():
    with open(os.path.join(ROOT, "deploy", "redis", "users.acl.template")) as f:
        template = f.read()
    with open(os.path.join(K8S, "redis-users.acl.template")) as f:
        assert f.read() == template, "deploy/k8s/redis-users.acl.template is a copy of deploy/redis/users.acl.template"
    users = {line.split()[1]: line.split() for line in template.splitlines() if line.startswith("user ")}
    assert set(users) == {"default", "auth", "gateway", "store", "fanout", "admin"}
    assert users["default"][2:] == ["on", "nopass", "resetchannels", "-@all", "+ping"]
    for name in ("auth", "gateway", "store", "fanout"):
        rules = users[name]
        assert f">@{name.upper()}_PASSWORD@" in rules and "-@dangerous" in rules and "-@admin" in rules
        assert all(rule.startswith(("~inkstudio:", "&inkstudio:")) for rule in rules if rule[0] in "~&"), rules


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
    assert_redis_keeps_acknowledged_work(redis_argv(services["redis"]["entrypoint"][-1]))


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
    assert_redis_keeps_acknowledged_work(redis_argv(redis["args"][0]))
    # Each service is its own Redis user, with its password from the Secret.
    for name in ("auth", "store", "fanout", "gateway"):
        env = {e["name"]: e for e in by_kind["Deployment"]["messaging-" + name]["spec"]["template"]["spec"]["containers"][0]["env"]}
        assert env["REDIS_USERNAME"]["value"] == name
        assert env["REDIS_PASSWORD"]["valueFrom"]["secretKeyRef"]["key"] == f"REDIS_{name.upper()}_PASSWORD"
    # Nothing reaches a pod that a NetworkPolicy does not let in; Redis only from the services.
    policies = by_kind["NetworkPolicy"]
    assert policies["default-deny-ingress"]["spec"]["podSelector"] == {} and policies["default-deny-ingress"]["spec"]["policyTypes"] == ["Ingress"]
    for name in ("messaging-redis", "messaging-auth", "messaging-store", "messaging-gateway", "messaging-fanout"):
        assert policies[name]["spec"]["podSelector"]["matchLabels"]["app"] == name
    redis_peers = policies["messaging-redis"]["spec"]["ingress"][0]["from"][0]["podSelector"]["matchExpressions"][0]["values"]
    assert set(redis_peers) == {"messaging-auth", "messaging-store", "messaging-fanout", "messaging-gateway"}
    autoscaled = {hpa["spec"]["scaleTargetRef"]["name"] for hpa in by_kind["HorizontalPodAutoscaler"].values()}
    assert autoscaled == {"messaging-gateway", "messaging-store"}
    assert autoscaled <= set(by_kind["Deployment"])


def test_the_ingress_routes_socket_io_with_affinity_and_the_apis_to_their_services():
    ingresses = {d["metadata"]["name"]: d for _, d in manifests() if d["kind"] == "Ingress"}
    socket = ingresses["messaging-socket"]
    assert socket["metadata"]["annotations"]["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(socket["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    for ingress in ingresses.values():
        annotations = ingress["metadata"]["annotations"]
        assert int(annotations["nginx.ingress.kubernetes.io/limit-rps"]) > 0 and int(annotations["nginx.ingress.kubernetes.io/limit-connections"]) > 0
    routes = {path["path"]: path["backend"]["service"]["name"]
              for ingress in ingresses.values() for rule in ingress["spec"]["rules"] for path in rule["http"]["paths"]}
    assert routes == {"/socket.io/": "messaging-gateway", "/api/auth/": "messaging-auth", "/api/messaging/token": "messaging-auth",
                      "/.well-known/": "messaging-auth", "/api/conversations": "messaging-store",
                      "/api/messages/": "messaging-store", "/api/push/": "messaging-store",
                      "/api/attachments": "messaging-store", "/api/keys/": "messaging-store", "/api/users/": "messaging-store"}


def test_the_kustomization_lists_every_manifest():
    with open(os.path.join(K8S, "kustomization.yaml")) as f:
        listed = set(yaml.safe_load(f)["resources"])
    files = {os.path.basename(p) for p in glob.glob(os.path.join(K8S, "*.yaml"))} - {"kustomization.yaml"}
    assert listed == files


def metrics_in_sources():
    """Every metric name the services define (swift-metrics labels), and the libraries' HTTP ones."""
    names = {"up", "http_server_request_duration", "http_server_active_requests", "hb_requests", "hb_request_errors"}
    for folder in ("Services", "Shared"):
        for path in glob.glob(os.path.join(ROOT, folder, "**", "*.swift"), recursive=True):
            with open(path) as f:
                names |= set(re.findall(r'(?:Counter|Gauge|Timer|Recorder)\(label: "([a-z_]+)"', f.read()))
                f.seek(0)
                names |= set(re.findall(r'counters\(\s*"([a-z_]+)"', f.read()))
    return names


def referenced_metrics(expression):
    """The metric names an expression reads (ours and the libraries', by their prefixes)."""
    found = set(re.findall(r"\b((?:gateway|store|fanout|auth|stream|http_server|hb)_[a-z_]+|up)\b(?=\s*[{\[)]|\s*$|\s*[<>=!])", expression))
    return {re.sub(r"_(bucket|count|sum)$", "", name) for name in found}


def test_the_alert_rules_pass_promtool_and_their_unit_tests():
    folder = os.path.join(ROOT, "deploy", "prometheus")
    for args in (["check", "rules", "alerts.yml"], ["test", "rules", "alerts.test.yml"]):
        result = subprocess.run(["promtool", *args], cwd=folder, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stdout + result.stderr
    with open(os.path.join(folder, "alerts.yml")) as f:
        rules = yaml.safe_load(f)["groups"][0]["rules"]
    known = metrics_in_sources()
    with open(os.path.join(ROOT, "deploy", "README.md")) as f:
        readme = f.read()
    for rule in rules:
        assert referenced_metrics(rule["expr"]) <= known, (rule["alert"], referenced_metrics(rule["expr"]) - known)
        assert f"`{rule['alert']}`" in readme, f"deploy/README.md says what {rule['alert']} means and what to do"


def test_the_dashboard_reads_metrics_the_services_have():
    with open(os.path.join(ROOT, "deploy", "grafana", "messaging-dashboard.json")) as f:
        dashboard = json.load(f)
    known = metrics_in_sources()
    panels = [p for p in dashboard["panels"] if p["type"] != "row"]
    assert len(panels) >= 15 and len({p["id"] for p in dashboard["panels"]}) == len(dashboard["panels"])
    for panel in panels:
        assert panel["targets"], panel["title"]
        for target in panel["targets"]:
            used = referenced_metrics(target["expr"])
            assert used and used <= known, (panel["title"], target["expr"], used - known)


def routes_in_sources(folder):
    """(method, OpenAPI path) of every route a service's library registers."""
    routes = set()
    for path in glob.glob(os.path.join(ROOT, folder, "*.swift")):
        with open(path) as f:
            source = f.read()
        prefix = dict(re.findall(r"let (\w+) = router\.group\(\"([^\"]+)\"\)", source))
        for receiver, method, route in re.findall(r"\b(\w+)\.(get|post|put|patch|delete)\((?:\"([^\"]*)\")?", source):
            if receiver == "router" and route:
                full = route
            elif receiver in prefix:
                full = prefix[receiver] + ("/" + route if route else "")
            else:
                continue
            routes.add((method, re.sub(r":(\w+)", r"{\1}", full)))
    return routes


def test_every_route_is_in_its_services_openapi_document():
    import importlib.util
    spec = importlib.util.spec_from_file_location("embed", os.path.join(ROOT, "deploy", "openapi", "embed.py"))
    embed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(embed)
    with open(embed.TARGET) as f:
        assert f.read() == embed.render(), "run deploy/openapi/embed.py: OpenAPIDocuments.swift is not the JSON documents"
    for service, folder in (("store", "Services/Store/Library"), ("auth", "Services/Auth/Library")):
        with open(os.path.join(ROOT, "deploy", "openapi", f"{service}.json")) as f:
            document = json.load(f)
        documented = {(method, path) for path, operations in document["paths"].items() for method in operations}
        routes = routes_in_sources(folder)
        assert len(routes) >= 7 and routes <= documented, (service, routes - documented)
