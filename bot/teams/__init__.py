"""The Microsoft Teams adapter. Only bot/teams/ imports the Teams SDK packages, msal and PyJWT.

The foundation, each piece usable on its own from sync threads:

    auth          checks the Bot Framework token on POST /api/messages (Unauthorized on any doubt)
    connector     calls the Bot Connector REST API: send, reply in a thread, update, 1:1, members
    limits        keeps those calls inside Teams' rate limits (30 a second, 7 per conversation)
    text          escapes user text for cards and messages; strips the bot's own @mention
    cards         builds Adaptive Card 1.5 dicts and the invoke response for Action.Execute
    manifest      builds the Teams app package (manifest.json and two icons, zipped)

The adapter, turning Teams' requests into calls of commands.boundary and back:

    endpoint      POST /api/messages: authenticate, deduplicate, answer, hand on
    activity      reads an inbound activity: who, where, what was said
    conversation  messages (commands) and installs, after the answer
    buttons       Action.Execute presses, answered with the card drawn again
    form          the "Add update…" form card
    dashboard     the `dashboard` card (Slack's App Home)
    action_card   cards listing actions with their buttons, and their receipts
    render        replies as cards of TextBlocks, from the "teams" template surface
    people        rosters and the member API: Teams users matched to plan people by email
    files         board packs as short-lived signed links
    runtime       the connector, auth and worker threads one process shares
    transport     queued reminders, digests and board posts, sent through the outbox
    notify        those queued view-models as Teams messages
    menu          the command menu for the app package, from the command table

docs/teams.md says which parts of the SDK we use, why the async App, its server and its API
client are left out, and what the adapter decided.
"""
