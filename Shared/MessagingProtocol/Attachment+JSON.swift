public import JSONCoding

extension Attachment: JSONReadable, JSONWritable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var id: String?, url: String?, fileName: String?, fileSize: Int?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "id" {
                id = try reader.string()
            } else if key == "url" {
                url = try reader.string()
            } else if key == "fileName" {
                fileName = try reader.string()
            } else if key == "fileSize" {
                fileSize = try reader.int()
            } else {
                try reader.skip()
            }
        }
        guard let id else { throw json.missing("id") }
        guard let url else { throw json.missing("url") }
        guard let fileName else { throw json.missing("fileName") }
        guard let fileSize else { throw json.missing("fileSize") }
        self.init(id: id, url: url, fileName: fileName, fileSize: fileSize)
    }

    /// `{"id","url","fileName","fileSize"}`.
    public func write(to json: inout JSONWriter) {
        json.object { item in
            item.key("id"); item.value(id)
            item.key("url"); item.value(url)
            item.key("fileName"); item.value(fileName)
            item.key("fileSize"); item.value(fileSize)
        }
    }
}
