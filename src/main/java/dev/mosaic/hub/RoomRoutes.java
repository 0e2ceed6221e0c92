package dev.mosaic.hub;

import io.javalin.config.RoutesConfig;

import java.util.Map;

/** The routes of rooms (DESIGN.md §11), apart from {@link HttpApi}'s; its authentication and errors apply. */
final class RoomRoutes {
    private final Rooms rooms;

    RoomRoutes(Rooms rooms) {
        this.rooms = rooms;
    }

    void install(RoutesConfig r) {
        r.post("/api/v1/rooms", ctx -> HttpApi.json(ctx, 201,
                rooms.create(HttpApi.caller(ctx), RoomRequest.from(JsonBody.read(ctx)))));
        r.get("/api/v1/rooms", ctx -> HttpApi.json(ctx, 200, Map.of("rooms", rooms.list(HttpApi.caller(ctx)))));
        r.get("/api/v1/rooms/{id}", ctx ->
                HttpApi.json(ctx, 200, rooms.show(HttpApi.caller(ctx), ctx.pathParam("id"))));
        r.post("/api/v1/rooms/{id}/posts", ctx -> {
            RoomPostRequest req = RoomPostRequest.from(JsonBody.read(ctx));
            Rooms.PostReply reply = rooms.post(HttpApi.caller(ctx), ctx.pathParam("id"), req);
            ctx.status(reply.status()).contentType(HttpApi.JSON).result(reply.json());
        });
        r.post("/api/v1/rooms/{id}/floor", ctx -> {
            JsonBody body = JsonBody.read(ctx);
            HttpApi.json(ctx, 200, rooms.floor(HttpApi.caller(ctx), ctx.pathParam("id"), body.requiredString("to")));
        });
        r.post("/api/v1/rooms/{id}/close", ctx -> HttpApi.json(ctx, 200,
                rooms.close(HttpApi.caller(ctx), ctx.pathParam("id"))));
    }
}
