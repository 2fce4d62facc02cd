"""An OTLP/HTTP trace receiver on loopback, as an OpenTelemetry collector would be: it decodes each
export with the OpenTelemetry project's own protobuf classes (opentelemetry-proto) and keeps the
spans, with their service, trace, parent and kind."""
import gzip
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest, ExportTraceServiceResponse


class OTLPReceiver:
    def __init__(self):
        self.spans = []
        self.lock = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                request = ExportTraceServiceRequest()
                request.ParseFromString(body)
                receiver.add(request)
                answer = ExportTraceServiceResponse().SerializeToString()
                self.send_response(200 if self.path == "/v1/traces" else 404)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def add(self, request):
        with self.lock:
            for resource_spans in request.resource_spans:
                service = next((a.value.string_value for a in resource_spans.resource.attributes if a.key == "service.name"), "?")
                for scope_spans in resource_spans.scope_spans:
                    for span in scope_spans.spans:
                        self.spans.append({"service": service, "name": span.name, "trace": span.trace_id.hex(), "id": span.span_id.hex(),
                                           "parent": span.parent_span_id.hex(), "kind": span.kind})
            self.lock.notify_all()

    def wait_for(self, predicate, timeout=20):
        """The spans once `predicate(spans)` holds (awaited on each export)."""
        with self.lock:
            assert self.lock.wait_for(lambda: predicate(self.spans), timeout=timeout), self.spans
            return list(self.spans)

    def close(self):
        self.server.shutdown()
        self.server.server_close()
