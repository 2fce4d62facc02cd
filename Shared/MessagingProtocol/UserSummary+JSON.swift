public import JSONCoding

extension UserSummary: JSONReadable, JSONWritable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var id: String?, role: UserRole?
        var firstName: String?, lastName: String?, salonName: String?, image: String?, email: String?
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "id" {
                id = try reader.string()
            } else if key == "role" {
                guard let value = UserRole(rawValue: try reader.string()) else { throw reader.failure("unknown role") }
                role = value
            } else if key == "firstName" {
                firstName = try reader.optionalString()
            } else if key == "lastName" {
                lastName = try reader.optionalString()
            } else if key == "salonName" {
                salonName = try reader.optionalString()
            } else if key == "image" {
                image = try reader.optionalString()
            } else if key == "email" {
                email = try reader.optionalString()
            } else {
                try reader.skip()
            }
        }
        guard let id else { throw json.missing("id") }
        guard let role else { throw json.missing("role") }
        self.init(id: id, firstName: firstName, lastName: lastName, salonName: salonName, image: image, role: role, email: email)
    }

    /// `{"id","firstName","lastName","salonName","image","role","email"}`, absent names left out.
    public func write(to json: inout JSONWriter) {
        json.object { user in
            user.key("id"); user.value(id)
            user.member("firstName", firstName)
            user.member("lastName", lastName)
            user.member("salonName", salonName)
            user.member("image", image)
            user.key("role"); user.value(role.rawValue)
            user.member("email", email)
        }
    }
}
