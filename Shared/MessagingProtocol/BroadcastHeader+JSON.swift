public import JSONCoding

extension BroadcastHeader: JSONReadable, JSONWritable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var version: Int?, event: String?, origin: String?, exceptSocketId: String?, seq: Int?, after: Int?, sentAt: Int?, traceParent: String?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "v" {
                version = try reader.int()
            } else if key == "event" {
                event = try reader.string()
            } else if key == "origin" {
                origin = try reader.optionalString()
            } else if key == "exceptSocketId" {
                exceptSocketId = try reader.optionalString()
            } else if key == "seq" {
                seq = try reader.null() ? nil : try reader.int()
            } else if key == "after" {
                after = try reader.null() ? nil : try reader.int()
            } else if key == "t" {
                sentAt = try reader.null() ? nil : try reader.int()
            } else if key == "tp" {
                traceParent = try reader.optionalString()
            } else {
                try reader.skip()
            }
        }
        guard let version else { throw json.missing("v") }
        guard let event else { throw json.missing("event") }
        self.init(event: event, origin: origin, exceptSocketId: exceptSocketId, seq: seq, after: after, sentAt: sentAt)
        self.v = version
        self.traceParent = traceParent
    }

    /// `{"v","event","origin","exceptSocketId","seq","after","t","tp"}`, absent members left out.
    public func write(to json: inout JSONWriter) {
        json.object { header in
            header.key("v"); header.value(v)
            header.key("event"); header.value(event)
            header.member("origin", origin)
            header.member("exceptSocketId", exceptSocketId)
            header.member("seq", seq)
            header.member("after", after)
            header.member("t", sentAt)
            header.member("tp", traceParent)
        }
    }
}
