def test_health_answers_ok_on_the_embedded_default(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["checks"]["database"]["status"] == "ok"
