package dev.cutover.service.api;

import dev.cutover.service.api.errors.HttpError;
import dev.cutover.service.api.model.ItemCreate;
import dev.cutover.service.api.model.ItemPublic;
import dev.cutover.service.api.model.ItemUpdate;
import dev.cutover.service.api.model.ItemsPublic;
import dev.cutover.service.api.model.Message;
import dev.cutover.service.auth.CurrentUser;
import dev.cutover.service.auth.RequiresUser;
import dev.cutover.service.db.DatabaseFailures;
import dev.cutover.service.db.KeysetCursor;
import dev.cutover.service.items.Item;
import dev.cutover.service.items.ItemRepository;
import dev.cutover.service.users.User;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The template's items: every user owns theirs, superusers see and change all. */
@Path(Api.PREFIX + "/items")
@Tag(name = "items")
@Produces(MediaType.APPLICATION_JSON)
@CompletesDespiteDisconnect
public class ItemsResource {

    static final String NOT_FOUND = "Item not found";
    static final String NOT_ALLOWED = "Not enough permissions";

    @Inject
    ItemRepository items;
    @Inject
    CurrentUser currentUser;

    @GET
    @Path("/")
    @RequiresUser
    @SecurityRequirement(name = Api.SECURITY)
    @Operation(operationId = "items-read_items", summary = "Read Items",
            description = "Retrieve items, newest first: all for a superuser, one's own otherwise. Offset mode (skip) "
                    + "counts exactly on every page; keyset mode (after, empty for the first page) reads only the page "
                    + "and gives a next_cursor, which is what a client paging through millions of items should use.")
    public Uni<ItemsPublic> readItems(
            @QueryParam("skip") @Parameter(description = "Offset mode: items to skip",
                    schema = @Schema(type = SchemaType.INTEGER, defaultValue = "0", minimum = "0")) String skipRaw,
            @QueryParam("limit") @Parameter(description = "Page size",
                    schema = @Schema(type = SchemaType.INTEGER, defaultValue = "100", minimum = "1",
                            maximum = "" + Api.MAX_PAGE)) String limitRaw,
            @QueryParam("after") @Parameter(description = "Keyset mode: next_cursor of the previous page, empty for the first") String afterRaw,
            @Context UriInfo uri) {
        Paging paging = Paging.parse(skipRaw, limitRaw, afterRaw, uri);
        User me = currentUser.get();
        UUID owner = me.isSuperuser ? null : me.id;
        if (!paging.keyset()) {
            return Uni.combine().all().unis(items.page(owner, paging.skip(), paging.limit()), items.count(owner))
                    .with((page, count) -> new ItemsPublic(publicOf(page), count, null));
        }
        return Uni.combine().all().unis(items.keysetPage(owner, paging.after(), paging.limit()), items.keysetCount(owner))
                .with((page, count) -> new ItemsPublic(publicOf(page), count, page.isEmpty() ? null
                        : paging.nextCursor(page.size(), cursorAt(page.get(page.size() - 1)))));
    }

    @GET
    @Path("/{id}")
    @RequiresUser
    @SecurityRequirement(name = Api.SECURITY)
    @Operation(operationId = "items-read_item", summary = "Read Item", description = "Get item by ID.")
    public Uni<ItemPublic> readItem(@PathParam("id") @Parameter(schema = @Schema(format = "uuid")) String idRaw) {
        return permitted(itemId(idRaw)).map(ItemPublic::of);
    }

    @POST
    @Path("/")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresUser
    @SecurityRequirement(name = Api.SECURITY)
    @Operation(operationId = "items-create_item", summary = "Create Item", description = "Create new item.")
    public Uni<ItemPublic> createItem(@Valid @NotNull ItemCreate body) {
        return items.create(currentUser.get().id, body.title(), body.description()).map(ItemPublic::of)
                .onFailure(ItemsResource::ownerGone).transform(e -> HttpError.notFound("User not found"));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresUser
    @SecurityRequirement(name = Api.SECURITY)
    @Operation(operationId = "items-update_item", summary = "Update Item", description = "Update an item.")
    public Uni<ItemPublic> updateItem(@PathParam("id") @Parameter(schema = @Schema(format = "uuid")) String idRaw,
                                      @Valid @NotNull ItemUpdate body) {
        return permitted(itemId(idRaw))
                .chain(item -> items.update(item.id(), body.getTitle(), body.descriptionSent(), body.getDescription()))
                .map(ItemsResource::found).map(ItemPublic::of);
    }

    @DELETE
    @Path("/{id}")
    @RequiresUser
    @SecurityRequirement(name = Api.SECURITY)
    @Operation(operationId = "items-delete_item", summary = "Delete Item", description = "Delete an item.")
    public Uni<Message> deleteItem(@PathParam("id") @Parameter(schema = @Schema(format = "uuid")) String idRaw) {
        return permitted(itemId(idRaw)).chain(item -> items.delete(item.id())).map(deleted -> {
            if (!deleted) {
                throw HttpError.notFound(NOT_FOUND);
            }
            return new Message("Item deleted successfully");
        });
    }

    /** The item, if it exists (404) and the current user may touch it (403), in the template's order of checks. */
    private Uni<Item> permitted(UUID id) {
        User me = currentUser.get();
        return items.findById(id).map(item -> {
            found(item);
            if (!me.isSuperuser && !item.ownerId().equals(me.id)) {
                throw HttpError.forbidden(NOT_ALLOWED);
            }
            return item;
        });
    }

    private static Item found(Item item) {
        if (item == null) {
            throw HttpError.notFound(NOT_FOUND);
        }
        return item;
    }

    private static UUID itemId(String raw) {
        Params params = new Params();
        UUID id = params.pathUuid("id", raw);
        params.check();
        return id;
    }

    private static KeysetCursor cursorAt(Item item) {
        return new KeysetCursor(item.createdAt(), item.id());
    }

    private static List<ItemPublic> publicOf(List<Item> page) {
        return page.stream().map(ItemPublic::of).toList();
    }

    /** The owner was deleted between the token check and the insert (foreign key violation). */
    private static boolean ownerGone(Throwable failure) {
        return DatabaseFailures.isForeignKeyViolation(failure);
    }
}
