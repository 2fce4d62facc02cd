import Testing

@testable import EngineIO

/// The query of an Engine.IO request target, read as bytes.
@Suite struct EngineQueryTests {
    @Test func readsEIOTransportAndSidAndIgnoresTheRest() {
        let query = EngineQuery(target: "/socket.io/?EIO=4&transport=websocket&t=PQx1&sid=abc-123_X")
        #expect(query.eio == "4" && query.transport == "websocket" && query.sid == "abc-123_X")
        for target in ["/socket.io/", "/socket.io/?"] {
            let empty = EngineQuery(target: target)
            #expect(empty.eio == nil && empty.transport == nil && empty.sid == nil)
        }
    }

    @Test func valuesArePercentDecodedAndEdgeCasesKeepTheirMeaning() {
        #expect(EngineQuery(target: "/socket.io/?sid=a%2Fb%3D&EIO=4").sid == "a/b=")
        #expect(EngineQuery(target: "/socket.io/?sid=100%").sid == "100%", "not valid percent encoding: kept as it is")
        #expect(EngineQuery(target: "/socket.io/?EIO&transport=").eio == "", "a name without a value")
        #expect(EngineQuery(target: "/socket.io/?transport=").transport == "")
        #expect(EngineQuery(target: "/socket.io/?&&EIO=3&&").eio == "3", "empty pairs skipped")
        #expect(EngineQuery(target: "/socket.io/?sid=a=b").sid == "a=b", "split at the first =")
        #expect(EngineQuery(target: "/socket.io/?eio=4").eio == nil, "names are case-sensitive")
        #expect(EngineQuery(target: "/socket.io/?EIO=4&EIO=3").eio == "3", "the last one wins")
    }

    @Test func theEnginePathWithOrWithoutItsSlash() {
        #expect(EngineQuery.isEnginePath("/socket.io/?EIO=4"))
        #expect(EngineQuery.isEnginePath("/socket.io"))
        #expect(!EngineQuery.isEnginePath("/socket.iox/?EIO=4"))
        #expect(!EngineQuery.isEnginePath("/api/socket.io/"))
        #expect(!EngineQuery.isEnginePath(""))
    }
}
