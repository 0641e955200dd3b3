"""Microsoft Teams support: the foundation pieces, each usable on its own from sync threads.

    auth       checks the Bot Framework token on POST /api/messages (Unauthorized on any doubt)
    connector  calls the Bot Connector REST API: send, reply in a thread, update, 1:1, members
    text       escapes user text for cards and messages; strips the bot's own @mention
    cards      builds Adaptive Card 1.5 dicts and the invoke response for Action.Execute
    manifest   builds the Teams app package (manifest.json and two icons, zipped)

Only bot/teams/ imports the Teams SDK packages, msal and PyJWT. docs/teams.md says which parts
of the SDK we use and why the async App, its server and its API client are left out.
"""
