#include <memory>
#include <vector>

struct Shape
{
    virtual ~Shape() = default;
    virtual int area() const = 0;
};

struct Square : Shape
{
    int side;
    explicit Square(int s) : side(s) {}
    int area() const override { return side * side; }
};

struct Rect : Shape
{
    int w, h;
    Rect(int a, int b) : w(a), h(b) {}
    int area() const override { return w * h; }
};

int never_called(int x) { return x + 7; }

int shapes(int n)
{
    std::vector<std::unique_ptr<Shape>> all;
    for (int i = 1; i <= n; i++)
    {
        all.push_back(std::make_unique<Square>(i));
        all.push_back(std::make_unique<Rect>(i, i + 1));
    }
    int total = 0;
    for (const auto &s : all)
        total += s->area();
    return total;
}
