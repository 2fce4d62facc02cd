extension UserSummary {
    /// A user's JSON object, as `JSONDecoder` reads it.
    init(reading reader: inout JSONReader) throws(JSONReader.Failure) {
        var id: String?, role: UserRole?
        var firstName: String?, lastName: String?, salonName: String?, image: String?, email: String?
        try reader.object { reader, key throws(JSONReader.Failure) in
            if key == "id" {
                id = try reader.string()
            } else if key == "role" {
                guard let value = UserRole(rawValue: try reader.string()) else { throw reader.failure }
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
        guard let id, let role else { throw reader.failure }
        self.init(id: id, firstName: firstName, lastName: lastName, salonName: salonName, image: image, role: role, email: email)
    }
}
