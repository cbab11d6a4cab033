from ninja import Router

router = Router(tags=["car queue"])
