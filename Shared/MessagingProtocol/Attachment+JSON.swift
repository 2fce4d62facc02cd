public import JSONCoding

extension Attachment: JSONReadable, JSONWritable {
    /// Only `id` is required: a client's `send-message` names its uploads by id (anything else it
    /// says about them is replaced by the store's record).
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var id: String?, url: String?, fileName: String?, fileSize: Int?, mimeType: String?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "id" {
                id = try reader.string()
            } else if key == "url" {
                url = try reader.null() ? nil : try reader.string()
            } else if key == "fileName" {
                fileName = try reader.null() ? nil : try reader.string()
            } else if key == "fileSize" {
                fileSize = try reader.null() ? nil : try reader.int()
            } else if key == "mimeType" {
                mimeType = try reader.null() ? nil : try reader.string()
            } else {
                try reader.skip()
            }
        }
        guard let id else { throw json.missing("id") }
        self.init(id: id, url: url ?? "", fileName: fileName ?? "", fileSize: fileSize ?? 0, mimeType: mimeType)
    }

    /// `{"id","url","fileName","fileSize","mimeType"?}`.
    public func write(to json: inout JSONWriter) {
        json.object { item in
            item.key("id"); item.value(id)
            item.key("url"); item.value(url)
            item.key("fileName"); item.value(fileName)
            item.key("fileSize"); item.value(fileSize)
            if let mimeType { item.key("mimeType"); item.value(mimeType) }
        }
    }
}
